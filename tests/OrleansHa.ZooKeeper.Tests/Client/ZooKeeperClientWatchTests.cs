using Microsoft.Extensions.Logging;
using OrleansHa.ZooKeeper.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>One-shot watches: delivered once, off the library's thread, and a failing watcher only gets logged.</summary>
public sealed class ZooKeeperClientWatchTests(StandaloneZooKeeperFixture server)
    : IClassFixture<StandaloneZooKeeperFixture>, IAsyncLifetime
{
    private readonly CapturingLoggerFactory _logs = new();
    private IZooKeeperClient _client = null!;
    private IZooKeeperClient _other = null!;
    private string _root = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = await ConnectAsync(server.ConnectionString, loggerFactory: _logs);
        _other = await ConnectAsync(server.ConnectionString);
        _root = await _client.CreateTestRootAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task GetDataWatch_DataChangedByAnotherClient_FiresOnceOnThreadPool()
    {
        await _client.CreateAsync($"{_root}/w", Bytes("v0"), ZooKeeperCreateMode.Persistent, Cancel);
        var watch = new WatchRecorder();
        await _client.GetDataAsync($"{_root}/w", watch.Watcher, Cancel);

        await _other.SetDataAsync($"{_root}/w", Bytes("v1"), cancellationToken: Cancel);
        var fired = await watch.First.Within();
        await _other.SetDataAsync($"{_root}/w", Bytes("v2"), cancellationToken: Cancel);
        await _client.ExistsAsync($"{_root}/w", cancellationToken: Cancel);

        Assert.Equal(new ZooKeeperWatchEvent(ZooKeeperWatchEventType.NodeDataChanged, $"{_root}/w", ZooKeeperSessionState.Connected), fired);
        Assert.True(watch.AllOnThreadPool);
        Assert.Equal(1, watch.Count);
    }

    [Fact]
    public async Task ExistsWatch_NodeDeleted_Fires()
    {
        await _client.CreateAsync($"{_root}/gone", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);
        var watch = new WatchRecorder();
        await _client.ExistsAsync($"{_root}/gone", watch.Watcher, Cancel);

        await _other.DeleteAsync($"{_root}/gone", cancellationToken: Cancel);

        Assert.Equal(ZooKeeperWatchEventType.NodeDeleted, (await watch.First.Within()).Type);
    }

    [Fact]
    public async Task ExistsWatch_OnMissingNode_FiresWhenCreated()
    {
        var watch = new WatchRecorder();
        Assert.Null(await _client.ExistsAsync($"{_root}/later", watch.Watcher, Cancel));

        await _other.CreateAsync($"{_root}/later", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);

        var fired = await watch.First.Within();
        Assert.Equal(ZooKeeperWatchEventType.NodeCreated, fired.Type);
        Assert.Equal($"{_root}/later", fired.Path);
    }

    [Fact]
    public async Task ChildrenWatch_ChildAdded_Fires()
    {
        var watch = new WatchRecorder();
        await _client.GetChildrenAsync(_root, watch.Watcher, Cancel);

        await _other.CreateAsync($"{_root}/child", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);

        var fired = await watch.First.Within();
        Assert.Equal(ZooKeeperWatchEventType.NodeChildrenChanged, fired.Type);
        Assert.Equal(_root, fired.Path);
    }

    [Fact]
    public async Task GetDataWatch_OnMissingNode_IsNotSetAndNeverFires()
    {
        var watch = new WatchRecorder();
        await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() => _client.GetDataAsync($"{_root}/none", watch.Watcher, Cancel));

        await _other.CreateAsync($"{_root}/none", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);
        await _other.SetDataAsync($"{_root}/none", Bytes("y"), cancellationToken: Cancel);
        await _client.ExistsAsync($"{_root}/none", cancellationToken: Cancel);

        Assert.Equal(0, watch.Count);
    }

    [Fact]
    public async Task Watcher_Throws_IsLoggedAndLaterWatchersStillRun()
    {
        await _client.CreateAsync($"{_root}/bad", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.GetDataAsync($"{_root}/bad", _ => throw new InvalidOperationException("watcher bug"), Cancel);
        var next = new WatchRecorder();
        await _client.GetDataAsync($"{_root}/bad", next.Watcher, Cancel);

        await _other.SetDataAsync($"{_root}/bad", Bytes("y"), cancellationToken: Cancel);

        await next.First.Within();
        var entry = await WaitForLogAsync(e => e.EventId.Id == 1030);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("watcher bug", entry.Exception?.Message);
        Assert.Contains($"'{_root}/bad'", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionEventHandler_Throws_IsLoggedAndOtherHandlersStillRun()
    {
        var client = await ConnectAsync(server.ConnectionString, loggerFactory: _logs);
        client.SessionEvent += (_, _) => throw new InvalidOperationException("handler bug");
        var events = new SessionEventRecorder(client);

        await client.DisposeAsync();

        Assert.Equal(ZooKeeperSessionState.Closed, (await events.NextAsync(ZooKeeperSessionState.Closed)).State);
        var entry = await WaitForLogAsync(e => e.EventId.Id == 1029);
        Assert.Equal("handler bug", entry.Exception?.Message);
    }

    private async Task<CapturingLoggerFactory.Entry> WaitForLogAsync(Func<CapturingLoggerFactory.Entry, bool> match)
    {
        await WaitUntilAsync(() => _logs.Entries.Any(match));
        return _logs.Entries.First(match);
    }

    private sealed class WatchRecorder
    {
        private readonly TaskCompletionSource<ZooKeeperWatchEvent> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task<ZooKeeperWatchEvent> First => _first.Task;

        public int Count => Volatile.Read(ref _count);

        public bool AllOnThreadPool { get; private set; } = true;

        public void Watcher(ZooKeeperWatchEvent watchEvent)
        {
            Interlocked.Increment(ref _count);
            AllOnThreadPool &= Thread.CurrentThread.IsThreadPoolThread;
            _first.TrySetResult(watchEvent);
        }
    }
}
