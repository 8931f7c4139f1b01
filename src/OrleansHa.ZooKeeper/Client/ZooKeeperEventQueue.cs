using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OrleansHa.ZooKeeper.Client;

/// <summary>
/// Runs session-event handlers and watchers one at a time, in the order the library reported them, on the thread
/// pool: never on the library's completion thread, which would stall every other reply of the session.
/// </summary>
internal sealed partial class ZooKeeperEventQueue
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _loop;

    public ZooKeeperEventQueue(ILogger logger)
    {
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues work; after <see cref="CompleteAsync"/> it is dropped. Never blocks: safe on native threads.</summary>
    public void Post(Action work) => _work.Writer.TryWrite(work);

    /// <summary>Runs what is queued, then stops.</summary>
    public Task CompleteAsync()
    {
        _work.Writer.TryComplete();
        return _loop;
    }

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                QueuedWorkFailed(_logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Error, Message = "A queued ZooKeeper event handler failed")]
    private static partial void QueuedWorkFailed(ILogger logger, Exception exception);
}
