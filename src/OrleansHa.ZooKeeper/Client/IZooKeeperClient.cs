namespace OrleansHa.ZooKeeper.Client;

/// <summary>
/// An async client for one ZooKeeper session, over Apache ZooKeeper's C library. Paths are absolute znode
/// paths. Every failure is a <see cref="ZooKeeperException"/> subclass that names the operation and the path.
/// </summary>
/// <remarks>
/// The library keeps the session across connection losses and ensemble leader changes; only when the
/// ensemble declares the session expired does the client open a new one and raise
/// <see cref="SessionEvent"/> with <see cref="ZooKeeperSessionState.Expired"/>, so that owners of ephemeral
/// nodes can create them again.
/// </remarks>
public interface IZooKeeperClient : IAsyncDisposable
{
    /// <summary>The connection string this client was opened with (host:port pairs, optionally a chroot).</summary>
    string ConnectionString { get; }

    /// <summary>The current session's id, as the ensemble assigned it.</summary>
    long SessionId { get; }

    ZooKeeperSessionState State { get; }

    /// <summary>Raised on every session state change. Handlers run off the native callback thread.</summary>
    event EventHandler<ZooKeeperSessionEventArgs>? SessionEvent;

    /// <returns>The path created (with its sequence suffix for sequential modes).</returns>
    Task<string> CreateAsync(
        string path, ReadOnlyMemory<byte> data, ZooKeeperCreateMode mode, CancellationToken cancellationToken = default);

    /// <summary>The node's data and stat.</summary>
    /// <param name="watcher">Called once with the next change of the node, when not null.</param>
    Task<ZooKeeperNodeData> GetDataAsync(
        string path, Action<ZooKeeperWatchEvent>? watcher = null, CancellationToken cancellationToken = default);

    /// <param name="version">The expected data version; -1 matches any.</param>
    Task<ZooKeeperStat> SetDataAsync(
        string path, ReadOnlyMemory<byte> data, int version = -1, CancellationToken cancellationToken = default);

    /// <param name="version">The expected data version; -1 matches any.</param>
    Task DeleteAsync(string path, int version = -1, CancellationToken cancellationToken = default);

    /// <returns>The node's stat, or null when it does not exist.</returns>
    Task<ZooKeeperStat?> ExistsAsync(
        string path, Action<ZooKeeperWatchEvent>? watcher = null, CancellationToken cancellationToken = default);

    /// <summary>The names (not paths) of the node's children, and the node's own stat.</summary>
    Task<ZooKeeperChildren> GetChildrenAsync(
        string path, Action<ZooKeeperWatchEvent>? watcher = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the operations as one atomic transaction: all take effect or none. When one fails, the
    /// <see cref="ZooKeeperMultiException"/> carries the index and error of the operation that failed.
    /// </summary>
    Task<IReadOnlyList<ZooKeeperOperationResult>> MultiAsync(
        IReadOnlyList<ZooKeeperOperation> operations, CancellationToken cancellationToken = default);
}

/// <summary>Opens ZooKeeper sessions.</summary>
public interface IZooKeeperClientFactory
{
    /// <summary>Connects and waits until the session is established.</summary>
    /// <exception cref="ZooKeeperConnectionException">
    /// No server in the connection string answered within <paramref name="connectTimeout"/>; the message names
    /// the connection string.
    /// </exception>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    Task<IZooKeeperClient> ConnectAsync(
        string connectionString, TimeSpan sessionTimeout, TimeSpan connectTimeout,
        CancellationToken cancellationToken = default);
}
