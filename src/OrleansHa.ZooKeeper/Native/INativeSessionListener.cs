using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// What a <see cref="NativeSession"/> reports. Both methods are called on the library's completion thread: an
/// implementation queues the work elsewhere and returns at once, without blocking or throwing.
/// </summary>
internal interface INativeSessionListener
{
    /// <summary>The session's state changed (ZOO_SESSION_EVENT on the global watcher).</summary>
    void OnStateChanged(NativeSession session, ZooKeeperSessionState state, long sessionId);

    /// <summary>A one-shot watcher fired; <paramref name="watcher"/> is user code to run off this thread.</summary>
    void OnWatchTriggered(Action<ZooKeeperWatchEvent> watcher, ZooKeeperWatchEvent watchEvent);
}
