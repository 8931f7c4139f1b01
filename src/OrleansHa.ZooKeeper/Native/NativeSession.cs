using System.Runtime.InteropServices;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// One zhandle_t, that is one ZooKeeper session, with its calls as tasks. The library keeps the session across
/// connection losses; once the ensemble expires it, the handle is dead and a new NativeSession is needed.
/// </summary>
/// <remarks>
/// The library refers to sessions, calls and watches by numbers (<see cref="NativeRegistry{T}"/>). A call is
/// registered before it enters the library, because its completion may fire before the entry point returns,
/// and is settled exactly once: by its completion, by a synchronous error, or when the session closes, since
/// zookeeper_close drops completions it has not delivered yet.
/// </remarks>
internal sealed unsafe class NativeSession : INativeSessionItem
{
    internal static readonly NativeRegistry<NativeSession> Sessions = new();
    internal static readonly NativeRegistry<PendingCall> Calls = new();
    internal static readonly NativeRegistry<NativeWatch> Watches = new();

    private readonly INativeSessionListener _listener;
    private readonly NativeLibraryInfo _library;
    private readonly nint _key;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NativeHandle? _handle;
    private bool _closeRequested;
    private volatile bool _expired;
    private long _sessionId;
    private int _negotiatedTimeoutMilliseconds;

    /// <summary>A session not yet started: register listeners' state before <see cref="Start"/> lets events flow.</summary>
    public NativeSession(INativeSessionListener listener)
    {
        _library = NativeLibraryInfo.Get();
        _listener = listener;
        _key = Sessions.Add(this);
    }

    NativeSession INativeSessionItem.Session => this;

    /// <summary>The id the ensemble assigned, once connected; 0 before.</summary>
    public long SessionId => Volatile.Read(ref _sessionId);

    /// <summary>The session timeout the server granted (it bounds the requested one by its min and max).</summary>
    public TimeSpan NegotiatedTimeout => TimeSpan.FromMilliseconds(Volatile.Read(ref _negotiatedTimeoutMilliseconds));

    /// <summary>Calls zookeeper_init: the library connects in the background and reports through the listener.</summary>
    /// <exception cref="ZooKeeperException">The library refused to create the handle (e.g. a host does not resolve).</exception>
    public void Start(string connectionString, TimeSpan sessionTimeout)
    {
        lock (_gate)
        {
            if (_closeRequested || _handle is not null)
            {
                return;
            }

            var zh = NativeMethods.Init(
                connectionString, NativeCallbacks.SessionWatcher, (int)sessionTimeout.TotalMilliseconds, null, _key,
                NativeMethods.NoLogClientEnvironment, NativeLog.Callback);
            if (zh == 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new ZooKeeperException(
                    ZooKeeperErrorCode.SystemError, "connect", null,
                    $"zookeeper_init refused '{connectionString}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            }

            _handle = new NativeHandle(zh, OnNativeClosed);
        }
    }

    public Task<string> CreateAsync(string path, ReadOnlyMemory<byte> data, ZooKeeperCreateMode mode)
    {
        var nativeMode = _library.ToNative(mode);
        return Submit(new PendingCall<string>(this, "create", path), (zh, id) =>
        {
            fixed (byte* value = data.Span)
            {
                return NativeMethods.Create(
                    zh, path, value, data.Length, _library.OpenAclUnsafe, nativeMode, NativeCallbacks.StringCompletion, id);
            }
        });
    }

    public Task<ZooKeeperNodeData> GetDataAsync(string path, Action<ZooKeeperWatchEvent>? watcher)
    {
        var watch = AddWatch(path, watcher);
        return Submit(new PendingCall<ZooKeeperNodeData>(this, "get", path) { Watch = watch }, (zh, id) =>
            NativeMethods.GetData(zh, path, WatcherOf(watch), watch?.Id ?? 0, NativeCallbacks.DataCompletion, id));
    }

    public Task<ZooKeeperStat?> SetDataAsync(string path, ReadOnlyMemory<byte> data, int version) =>
        Submit(new PendingCall<ZooKeeperStat?>(this, "set", path), (zh, id) =>
        {
            fixed (byte* value = data.Span)
            {
                return NativeMethods.SetData(zh, path, value, data.Length, version, NativeCallbacks.StatCompletion, id);
            }
        });

    public Task<bool> DeleteAsync(string path, int version) =>
        Submit(new PendingCall<bool>(this, "delete", path), (zh, id) =>
            NativeMethods.Delete(zh, path, version, NativeCallbacks.VoidCompletion, id));

    public Task<ZooKeeperStat?> ExistsAsync(string path, Action<ZooKeeperWatchEvent>? watcher)
    {
        var watch = AddWatch(path, watcher);
        var call = new PendingCall<ZooKeeperStat?>(this, "exists", path) { Watch = watch, MissingNodeIsAnswer = true };
        return Submit(call, (zh, id) =>
            NativeMethods.Exists(zh, path, WatcherOf(watch), watch?.Id ?? 0, NativeCallbacks.StatCompletion, id));
    }

    public Task<ZooKeeperChildren> GetChildrenAsync(string path, Action<ZooKeeperWatchEvent>? watcher)
    {
        var watch = AddWatch(path, watcher);
        return Submit(new PendingCall<ZooKeeperChildren>(this, "children", path) { Watch = watch }, (zh, id) =>
            NativeMethods.GetChildren(zh, path, WatcherOf(watch), watch?.Id ?? 0, NativeCallbacks.ChildrenCompletion, id));
    }

    public Task<IReadOnlyList<ZooKeeperOperationResult>> MultiAsync(IReadOnlyList<ZooKeeperOperation> operations)
    {
        var call = new PendingMulti(this, operations, _library);
        return Submit(call, (zh, id) =>
            NativeMethods.Multi(zh, call.Count, call.Ops, call.Results, NativeCallbacks.MultiCompletion, id));
    }

    /// <summary>
    /// Closes the handle (the server ends the session and deletes its ephemeral nodes when it can be reached) and
    /// then fails the calls still pending. Idempotent.
    /// </summary>
    /// <returns>zookeeper_close's return code.</returns>
    public Task<int> CloseAsync()
    {
        NativeHandle? handle;
        lock (_gate)
        {
            if (_closeRequested)
            {
                return _closed.Task;
            }

            _closeRequested = true;
            handle = _handle;
        }

        if (handle is null)
        {
            OnNativeClosed(NativeErrors.Ok);
        }
        else
        {
            // Runs zookeeper_close once no call holds the handle any more.
            handle.Dispose();
        }

        return _closed.Task;
    }

    internal static void DispatchSessionEvent(nint zh, int type, int state, nint context)
    {
        if (Sessions.TryGet(context, out var session))
        {
            session.OnSessionEvent(zh, type, state);
        }
    }

    internal static void DispatchWatchEvent(int type, int state, string? path, nint context)
    {
        if (Watches.TryGet(context, out var watch))
        {
            watch.Session.OnWatchEvent(watch, type, state, path);
        }
    }

    internal void ForgetWatch(NativeWatch? watch)
    {
        if (watch is not null)
        {
            Watches.TryTake(watch.Id, out _);
        }
    }

    private static delegate* unmanaged[Cdecl]<nint, int, int, byte*, nint, void> WatcherOf(NativeWatch? watch) =>
        watch is null ? null : NativeCallbacks.NodeWatcher;

    private NativeWatch? AddWatch(string path, Action<ZooKeeperWatchEvent>? watcher)
    {
        if (watcher is null)
        {
            return null;
        }

        var watch = new NativeWatch(this, path, watcher);
        watch.Id = Watches.Add(watch);
        return watch;
    }

    private Task<T> Submit<T>(PendingCall<T> call, Func<nint, nint, int> enter)
    {
        var handle = Volatile.Read(ref _handle);
        var entered = false;
        try
        {
            handle?.DangerousAddRef(ref entered);
        }
        catch (ObjectDisposedException)
        {
            // Closed: settled below like a handle that never started.
        }

        if (!entered || handle is null)
        {
            Settle(call, SessionGoneError(call));
            return call.Task;
        }

        var id = Calls.Add(call);
        try
        {
            var code = enter(handle.DangerousGetHandle(), id);
            if (code != NativeErrors.Ok && Calls.TryTake(id, out _))
            {
                // Refused before it was queued: no completion will come.
                Settle(call, SynchronousError(code, call, handle.DangerousGetHandle()));
            }
        }
        catch
        {
            if (Calls.TryTake(id, out _))
            {
                ForgetWatch(call.Watch);
                call.Release();
            }

            throw;
        }
        finally
        {
            handle.DangerousRelease();
        }

        return call.Task;
    }

    private void Settle(PendingCall call, ZooKeeperException error)
    {
        ForgetWatch(call.Watch);
        call.Release();
        call.Fail(error);
    }

    /// <summary>
    /// ZINVALIDSTATE means the handle is unrecoverable: the session expired (or authentication failed) and the
    /// expiry event may not have reached the listener yet.
    /// </summary>
    private ZooKeeperException SynchronousError(int code, PendingCall call, nint zh)
    {
        if (code == (int)ZooKeeperErrorCode.InvalidState)
        {
            var state = _library.ToSessionState(NativeMethods.State(zh));
            if (state == ZooKeeperSessionState.Expired)
            {
                return new ZooKeeperSessionExpiredException(call.Operation, call.Path);
            }
        }

        return NativeErrors.ToException(code, call.Operation, call.Path);
    }

    private ZooKeeperException SessionGoneError(PendingCall call)
    {
        if (_expired)
        {
            return new ZooKeeperSessionExpiredException(call.Operation, call.Path);
        }

        // Not started yet (a replacement session between zookeeper_init attempts): as good as not connected.
        return Volatile.Read(ref _handle) is null && !_closeRequested
            ? new ZooKeeperConnectionLossException(call.Operation, call.Path)
            : NativeErrors.Closed(call.Operation, call.Path);
    }

    private void OnSessionEvent(nint zh, int type, int state)
    {
        // The global watcher only hears session events: every watch this binding sets has a watcher of its own.
        if (type != _library.SessionEvent)
        {
            return;
        }

        var mapped = _library.ToSessionState(state);

        // zh stays valid for the callback: zookeeper_close joins this thread before freeing it.
        var sessionId = NativeMethods.ClientId(zh)->Id;
        if (mapped == ZooKeeperSessionState.Connected)
        {
            Volatile.Write(ref _sessionId, sessionId);
            Volatile.Write(ref _negotiatedTimeoutMilliseconds, NativeMethods.ReceiveTimeout(zh));
        }
        else if (mapped == ZooKeeperSessionState.Expired)
        {
            _expired = true;
        }

        _listener.OnStateChanged(this, mapped, sessionId);
    }

    private void OnWatchEvent(NativeWatch watch, int type, int state, string? path)
    {
        ZooKeeperWatchEvent watchEvent;
        if (_library.ToNodeEvent(type) is { } nodeEvent)
        {
            watchEvent = new ZooKeeperWatchEvent(nodeEvent, path ?? watch.Path, ZooKeeperSessionState.Connected);
        }
        else if (type == _library.SessionEvent)
        {
            // The library calls every watcher on every session event, but re-registers watches with the server after
            // a reconnection: only the end of the session ends the watch.
            var sessionState = _library.ToSessionState(state);
            if (sessionState is not (ZooKeeperSessionState.Expired or ZooKeeperSessionState.AuthFailed))
            {
                return;
            }

            watchEvent = new ZooKeeperWatchEvent(ZooKeeperWatchEventType.Session, watch.Path, sessionState);
        }
        else
        {
            // ZOO_NOTWATCHING_EVENT follows a watch removal, which this binding never asks for.
            ForgetWatch(watch);
            return;
        }

        if (Watches.TryTake(watch.Id, out _))
        {
            _listener.OnWatchTriggered(watch.Watcher, watchEvent);
        }
    }

    /// <summary>After zookeeper_close: the library's threads are joined and will call back no more.</summary>
    private void OnNativeClosed(int code)
    {
        try
        {
            Sessions.TryTake(_key, out _);
            foreach (var call in Calls.TakeAll(this))
            {
                call.Release();
                call.Fail(_expired
                    ? new ZooKeeperSessionExpiredException(call.Operation, call.Path)
                    : NativeErrors.Closed(call.Operation, call.Path));
            }

            foreach (var watch in Watches.TakeAll(this))
            {
                // After an expiry, a watch the library did not report yet still learns that it is gone; on dispose,
                // watches end silently.
                if (_expired)
                {
                    _listener.OnWatchTriggered(
                        watch.Watcher,
                        new ZooKeeperWatchEvent(ZooKeeperWatchEventType.Session, watch.Path, ZooKeeperSessionState.Expired));
                }
            }
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "close");
        }
        finally
        {
            _closed.TrySetResult(code);
        }
    }
}
