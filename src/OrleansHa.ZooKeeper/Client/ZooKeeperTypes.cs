namespace OrleansHa.ZooKeeper.Client;

public enum ZooKeeperCreateMode
{
    Persistent,
    Ephemeral,
    PersistentSequential,
    EphemeralSequential,
}

public enum ZooKeeperSessionState
{
    Connecting,
    Connected,
    /// <summary>The connection was lost; the library reconnects with the same session.</summary>
    Disconnected,
    /// <summary>The ensemble expired the session: its ephemeral nodes are gone; a new session follows.</summary>
    Expired,
    AuthFailed,
    Closed,
}

public sealed class ZooKeeperSessionEventArgs(ZooKeeperSessionState state, long sessionId) : EventArgs
{
    public ZooKeeperSessionState State { get; } = state;

    public long SessionId { get; } = sessionId;
}

public enum ZooKeeperWatchEventType
{
    NodeCreated,
    NodeDeleted,
    NodeDataChanged,
    NodeChildrenChanged,
    /// <summary>The session changed state; the watch is gone with the session when it expired.</summary>
    Session,
}

public sealed record ZooKeeperWatchEvent(ZooKeeperWatchEventType Type, string Path, ZooKeeperSessionState SessionState);

/// <summary>A znode's metadata (Stat in ZooKeeper's API).</summary>
public sealed record ZooKeeperStat(
    long CreatedZxid,
    long ModifiedZxid,
    long CreatedTime,
    long ModifiedTime,
    int Version,
    int ChildrenVersion,
    int AclVersion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long ChildrenModifiedZxid);

public sealed record ZooKeeperNodeData(byte[] Data, ZooKeeperStat Stat);

public sealed record ZooKeeperChildren(IReadOnlyList<string> Names, ZooKeeperStat Stat);

/// <summary>One operation of a <see cref="IZooKeeperClient.MultiAsync"/> transaction.</summary>
public abstract record ZooKeeperOperation(string Path)
{
    public sealed record Create(string Path, ReadOnlyMemory<byte> Data, ZooKeeperCreateMode Mode = ZooKeeperCreateMode.Persistent)
        : ZooKeeperOperation(Path);

    public sealed record Delete(string Path, int Version = -1) : ZooKeeperOperation(Path);

    public sealed record SetData(string Path, ReadOnlyMemory<byte> Data, int Version = -1) : ZooKeeperOperation(Path);

    /// <summary>Succeeds only when the node's data version equals <paramref name="Version"/>.</summary>
    public sealed record Check(string Path, int Version) : ZooKeeperOperation(Path);
}

/// <param name="CreatedPath">For a create: the path created.</param>
/// <param name="Stat">For a set-data: the node's new stat.</param>
public sealed record ZooKeeperOperationResult(string? CreatedPath, ZooKeeperStat? Stat);
