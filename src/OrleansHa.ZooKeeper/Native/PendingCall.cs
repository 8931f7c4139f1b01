using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>One asynchronous call the library has accepted and will complete on its completion thread.</summary>
internal abstract class PendingCall(NativeSession session, string operation, string? path) : INativeSessionItem
{
    public NativeSession Session { get; } = session;

    public string Operation { get; } = operation;

    public string? Path { get; } = path;

    /// <summary>The watch this call asked the library to set, if any.</summary>
    public NativeWatch? Watch { get; init; }

    /// <summary>
    /// True for exists: a missing node is an answer (null), and the library sets the watch then too, to report the
    /// node's creation.
    /// </summary>
    public bool MissingNodeIsAnswer { get; init; }

    public void Fail(int code) => Fail(NativeErrors.ToException(code, Operation, Path));

    public abstract void Fail(ZooKeeperException error);

    /// <summary>
    /// Forgets the watch when the library did not set it (see activateWatcher in zookeeper.c: only a successful
    /// read, or exists on a missing node, registers its watcher), so it does not wait for an event that never comes.
    /// </summary>
    public void SettleWatch(int code)
    {
        var set = code == NativeErrors.Ok || (MissingNodeIsAnswer && code == (int)ZooKeeperErrorCode.NoNode);
        if (Watch is not null && !set)
        {
            Session.ForgetWatch(Watch);
        }
    }

    /// <summary>Frees what the library no longer reads or writes; called once, after completion or close.</summary>
    public virtual void Release()
    {
    }
}

internal class PendingCall<T>(NativeSession session, string operation, string? path)
    : PendingCall(session, operation, path)
{
    // Completions run on the library's thread: continuations must never run there.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public void Succeed(T result) => _completion.TrySetResult(result);

    public override void Fail(ZooKeeperException error) => _completion.TrySetException(error);
}
