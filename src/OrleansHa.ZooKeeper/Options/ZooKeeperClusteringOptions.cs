namespace OrleansHa.ZooKeeper.Configuration;

/// <summary>
/// Orleans clustering on Apache ZooKeeper: where the ensemble is, under which znode the clusters live, and how
/// long a session may stay silent. One set of options serves silos (membership table) and clients (gateway list).
/// </summary>
/// <remarks>
/// The namespace is <c>Configuration</c> rather than the folder's <c>Options</c> so that it does not hide
/// <c>Microsoft.Extensions.Options.Options</c> inside the <c>OrleansHa.ZooKeeper</c> namespaces.
/// </remarks>
public sealed class ZooKeeperClusteringOptions
{
    public const string DefaultRootPath = "/orleansha";

    public static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The ensemble's servers as comma-separated <c>host:port</c> pairs, optionally followed by a chroot path:
    /// <c>zk1:2181,zk2:2181,zk3:2181</c> or <c>zk1:2181/apps</c>.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The znode under which each cluster id gets its own subtree (created when missing).</summary>
    public string RootPath { get; set; } = DefaultRootPath;

    /// <summary>
    /// How long the ensemble keeps the session (and its ephemeral nodes) while the client cannot reach it. The
    /// servers clamp it to their own minimum and maximum (2 and 20 ticks by default).
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = DefaultSessionTimeout;

    /// <summary>
    /// How long opening the session may take before the silo or client start fails with an error naming the
    /// connection string; bounds the start against an unreachable ensemble.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;
}
