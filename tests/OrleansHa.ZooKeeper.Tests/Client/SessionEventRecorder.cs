using System.Threading.Channels;
using OrleansHa.ZooKeeper.Client;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>Records a client's session events, with the thread each arrived on, and waits for the next of a kind.</summary>
internal sealed class SessionEventRecorder
{
    private readonly Channel<ZooKeeperSessionEventArgs> _pending = Channel.CreateUnbounded<ZooKeeperSessionEventArgs>();
    private readonly List<ZooKeeperSessionEventArgs> _all = [];

    public SessionEventRecorder(IZooKeeperClient client) => client.SessionEvent += (_, e) =>
    {
        lock (_all)
        {
            _all.Add(e);
            AllOnThreadPool &= Thread.CurrentThread.IsThreadPoolThread;
        }

        _pending.Writer.TryWrite(e);
    };

    /// <summary>False once a handler ran on a thread that is not the pool's (the library's own threads are not).</summary>
    public bool AllOnThreadPool { get; private set; } = true;

    public IReadOnlyList<ZooKeeperSessionEventArgs> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>The next event in <paramref name="state"/>, skipping others; fails after <paramref name="timeout"/>.</summary>
    public async Task<ZooKeeperSessionEventArgs> NextAsync(ZooKeeperSessionState state, TimeSpan? timeout = null)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout ?? TestClients.EventTimeout);
        try
        {
            while (true)
            {
                var next = await _pending.Reader.ReadAsync(cancellation.Token);
                if (next.State == state)
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"No {state} session event within {timeout ?? TestClients.EventTimeout}; seen: " +
                string.Join(", ", All.Select(e => $"{e.State}(0x{e.SessionId:x})")));
        }
    }
}
