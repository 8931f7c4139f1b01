using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>A one-shot watcher the library holds by number until it fires, the session expires or closes.</summary>
internal sealed class NativeWatch(NativeSession session, string path, Action<ZooKeeperWatchEvent> watcher)
    : INativeSessionItem
{
    public NativeSession Session { get; } = session;

    public string Path { get; } = path;

    public Action<ZooKeeperWatchEvent> Watcher { get; } = watcher;

    public nint Id { get; set; }
}
