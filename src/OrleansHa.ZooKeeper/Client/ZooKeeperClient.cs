using Microsoft.Extensions.Logging;
using OrleansHa.ZooKeeper.Native;
using static OrleansHa.ZooKeeper.Client.ZooKeeperClientLog;

namespace OrleansHa.ZooKeeper.Client;

/// <summary>
/// <see cref="IZooKeeperClient"/> over libzookeeper_mt: one native session at a time, replaced by a new one when
/// the ensemble expires it. Session events and watchers run on an ordered queue off the library's threads.
/// </summary>
/// <remarks>
/// A watcher is called once: with the node event it waits for, or with a <see cref="ZooKeeperWatchEventType.Session"/>
/// event in state <see cref="ZooKeeperSessionState.Expired"/> when the session that set it ended first. A connection
/// loss does not end a watch: the library sets it again on the server it reconnects to. Watches end silently when
/// the client is disposed.
/// </remarks>
internal sealed class ZooKeeperClient : IZooKeeperClient, INativeSessionListener
{
    private static readonly TimeSpan SessionRestartDelay = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _sessionTimeout;
    private readonly ILogger _logger;
    private readonly ZooKeeperEventQueue _events;
    private readonly TaskCompletionSource<ZooKeeperSessionState> _firstSession =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Lock _gate = new();
    private readonly List<Task> _retiredSessions = [];
    private NativeSession _session;
    private long _sessionId;
    private int _state = (int)ZooKeeperSessionState.Connecting;
    private bool _disposed;

    public ZooKeeperClient(string connectionString, TimeSpan sessionTimeout, ILogger logger)
    {
        ConnectionString = connectionString;
        _sessionTimeout = sessionTimeout;
        _logger = logger;
        _events = new ZooKeeperEventQueue(logger);
        _session = new NativeSession(this);
    }

    public event EventHandler<ZooKeeperSessionEventArgs>? SessionEvent;

    public string ConnectionString { get; }

    public long SessionId => Volatile.Read(ref _sessionId);

    public ZooKeeperSessionState State => (ZooKeeperSessionState)Volatile.Read(ref _state);

    /// <summary>Starts the first session and waits until the ensemble established it.</summary>
    /// <exception cref="ZooKeeperConnectionException">No session within <paramref name="timeout"/>.</exception>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Connecting(_logger, ConnectionString, _sessionTimeout);
        ZooKeeperSessionState outcome;
        try
        {
            _session.Start(ConnectionString, _sessionTimeout);
            outcome = await _firstSession.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ConnectFailed(_logger, ConnectionString, timeout, "no server answered");
            throw new ZooKeeperConnectionException(ConnectionString, timeout);
        }
        catch (ZooKeeperException e) when (e is not ZooKeeperConnectionException)
        {
            ConnectFailed(_logger, ConnectionString, timeout, e.Message);
            throw new ZooKeeperConnectionException(ConnectionString, timeout, e.Message);
        }

        if (outcome != ZooKeeperSessionState.Connected)
        {
            ConnectFailed(_logger, ConnectionString, timeout, $"the session ended in state {outcome}");
            throw new ZooKeeperConnectionException(ConnectionString, timeout, $"the session ended in state {outcome}");
        }
    }

    public Task<string> CreateAsync(
        string path, ReadOnlyMemory<byte> data, ZooKeeperCreateMode mode, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, IsSequential(mode));
        return RunAsync("create", path, session => session.CreateAsync(path, data, mode), cancellationToken);
    }

    public Task<ZooKeeperNodeData> GetDataAsync(
        string path, Action<ZooKeeperWatchEvent>? watcher = null, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        return RunAsync("get", path, session => session.GetDataAsync(path, watcher), cancellationToken);
    }

    public async Task<ZooKeeperStat> SetDataAsync(
        string path, ReadOnlyMemory<byte> data, int version = -1, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        var stat = await RunAsync("set", path, session => session.SetDataAsync(path, data, version), cancellationToken)
            .ConfigureAwait(false);
        return stat!;
    }

    public Task DeleteAsync(string path, int version = -1, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        return RunAsync("delete", path, session => session.DeleteAsync(path, version), cancellationToken);
    }

    public Task<ZooKeeperStat?> ExistsAsync(
        string path, Action<ZooKeeperWatchEvent>? watcher = null, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        return RunAsync("exists", path, session => session.ExistsAsync(path, watcher), cancellationToken);
    }

    public Task<ZooKeeperChildren> GetChildrenAsync(
        string path, Action<ZooKeeperWatchEvent>? watcher = null, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        return RunAsync("children", path, session => session.GetChildrenAsync(path, watcher), cancellationToken);
    }

    public Task<IReadOnlyList<ZooKeeperOperationResult>> MultiAsync(
        IReadOnlyList<ZooKeeperOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);

        // A copy: the caller may reuse its list while the transaction is in flight.
        var snapshot = operations.ToArray();
        for (var i = 0; i < snapshot.Length; i++)
        {
            if (snapshot[i] is null)
            {
                throw new ArgumentException($"Operation {i} of the ZooKeeper multi is null.", nameof(operations));
            }

            ZooKeeperPath.Validate(snapshot[i].Path, snapshot[i] is ZooKeeperOperation.Create { Mode: var mode } && IsSequential(mode));
        }

        if (snapshot.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<ZooKeeperOperationResult>>([]);
        }

        return RunAsync("multi", snapshot[0].Path, session => session.MultiAsync(snapshot), cancellationToken);
    }

    /// <summary>Closes the session (its ephemeral nodes go at once) and fails the calls still in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        NativeSession session;
        Task[] retired;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            session = _session;
            retired = [.. _retiredSessions];
            Volatile.Write(ref _state, (int)ZooKeeperSessionState.Closed);
        }

        var code = await session.CloseAsync().ConfigureAwait(false);
        await Task.WhenAll(retired).ConfigureAwait(false);
        var sessionId = SessionId;
        Closed(_logger, sessionId, ConnectionString, (ZooKeeperErrorCode)code);
        _firstSession.TrySetResult(ZooKeeperSessionState.Closed);
        _events.Post(() => Report(ZooKeeperSessionState.Closed, sessionId));
        await _events.CompleteAsync().ConfigureAwait(false);
    }

    void INativeSessionListener.OnStateChanged(NativeSession session, ZooKeeperSessionState state, long sessionId) =>
        _events.Post(() => OnStateChanged(session, state, sessionId));

    void INativeSessionListener.OnWatchTriggered(Action<ZooKeeperWatchEvent> watcher, ZooKeeperWatchEvent watchEvent) =>
        _events.Post(() =>
        {
            try
            {
                watcher(watchEvent);
            }
            catch (Exception e)
            {
                WatcherFailed(_logger, e, watchEvent.Path, watchEvent.Type);
            }
        });

    private static bool IsSequential(ZooKeeperCreateMode mode) =>
        mode is ZooKeeperCreateMode.PersistentSequential or ZooKeeperCreateMode.EphemeralSequential;

    private async Task<T> RunAsync<T>(
        string operation, string path, Func<NativeSession, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        NativeSession session;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            session = _session;
        }

        ZooKeeperMetrics.OperationStarted(operation);
        try
        {
            // A cancelled wait leaves the call to complete in the library: ZooKeeper cannot take a request back.
            return await call(session).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ZooKeeperException e)
        {
            ZooKeeperMetrics.OperationFailed(operation, e.Code);
            OperationFailed(_logger, operation, path, e.Code);
            throw;
        }
    }

    /// <summary>Runs on the event queue, in the order the library reported.</summary>
    private void OnStateChanged(NativeSession session, ZooKeeperSessionState state, long sessionId)
    {
        lock (_gate)
        {
            // Late news of a session already replaced or closed.
            if (_disposed || session != _session || (state == State && sessionId == SessionId))
            {
                return;
            }

            Volatile.Write(ref _state, (int)state);
            if (state == ZooKeeperSessionState.Connected)
            {
                Volatile.Write(ref _sessionId, sessionId);
            }
        }

        switch (state)
        {
            case ZooKeeperSessionState.Connected:
                Connected(_logger, sessionId, ConnectionString, session.NegotiatedTimeout);
                break;
            case ZooKeeperSessionState.Disconnected:
                Disconnected(_logger, sessionId, ConnectionString);
                break;
            case ZooKeeperSessionState.Expired:
                Expired(_logger, sessionId, ConnectionString);
                break;
            case ZooKeeperSessionState.AuthFailed:
                AuthFailed(_logger, sessionId, ConnectionString);
                break;
        }

        Report(state, sessionId);
        if (state is ZooKeeperSessionState.Connected or ZooKeeperSessionState.AuthFailed)
        {
            _firstSession.TrySetResult(state);
        }
        else if (state == ZooKeeperSessionState.Expired)
        {
            RenewSession(session);
        }
    }

    private void Report(ZooKeeperSessionState state, long sessionId)
    {
        ZooKeeperMetrics.SessionStateChanged(state);
        if (SessionEvent is not { } handlers)
        {
            return;
        }

        var args = new ZooKeeperSessionEventArgs(state, sessionId);
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ZooKeeperSessionEventArgs>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception e)
            {
                SessionEventHandlerFailed(_logger, e, state);
            }
        }
    }

    /// <summary>
    /// An expired handle is dead for good: close it and open a new session, whose Connected event tells the owners
    /// of ephemeral nodes to create them again.
    /// </summary>
    private void RenewSession(NativeSession expired)
    {
        NativeSession next;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            next = new NativeSession(this);
            _session = next;
            Volatile.Write(ref _state, (int)ZooKeeperSessionState.Connecting);
            _retiredSessions.RemoveAll(t => t.IsCompleted);
            _retiredSessions.Add(expired.CloseAsync());
        }

        StartSession(next);
    }

    private void StartSession(NativeSession session)
    {
        lock (_gate)
        {
            if (_disposed || session != _session)
            {
                return;
            }
        }

        try
        {
            session.Start(ConnectionString, _sessionTimeout);
        }
        catch (ZooKeeperException e)
        {
            // zookeeper_init itself failed (a host name that does not resolve right now): try again shortly.
            SessionStartFailed(_logger, e, ConnectionString, SessionRestartDelay);
            _ = Task.Delay(SessionRestartDelay).ContinueWith(
                _ => _events.Post(() => StartSession(session)), TaskScheduler.Default);
        }
    }
}
