using Microsoft.Extensions.Configuration;

namespace OrleansHa.Silo;

/// <summary>
/// The host's own settings (DESIGN 8): which providers to use and where they are. The runtime's options
/// bind from the <c>OrleansHa</c> section on their own.
/// </summary>
internal sealed class SiloSettings
{
    public string ClusterId { get; set; } = "default";

    /// <summary><c>Localhost</c> (the embedded default: one silo is the whole cluster) or <c>ZooKeeper</c>.</summary>
    public string ClusteringProvider { get; set; } = "Localhost";

    public string? ZooKeeperConnectionString { get; set; }

    /// <summary><c>FileSystem</c> (the embedded default) or <c>AzureBlob</c>.</summary>
    public string StorageProvider { get; set; } = "FileSystem";

    public string StorageDirectory { get; set; } = ".orleansha";

    public string? StorageConnectionString { get; set; }

    public bool DeleteOnCommit { get; set; } = true;

    /// <summary>
    /// The address the silo listens on and the others reach it at: an IP address or a host name (in a container,
    /// its own host name). The default keeps a silo on this machine's loopback interface.
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// How long a clean stop may take before the process ends anyway (see <see cref="ShutdownDeadline"/>). Orleans
    /// alone keeps retrying its membership updates for about two minutes when ZooKeeper is gone.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsesZooKeeper => string.Equals(ClusteringProvider, "ZooKeeper", StringComparison.OrdinalIgnoreCase);

    public bool UsesAzureBlob => string.Equals(StorageProvider, "AzureBlob", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="OrleansConfigurationException">A setting is unknown or missing, named with how to fix it.</exception>
    public static SiloSettings Read(IConfiguration configuration)
    {
        var settings = new SiloSettings
        {
            ClusterId = configuration["ClusterId"] ?? "default",
            ClusteringProvider = configuration["Clustering:Provider"] ?? "Localhost",
            ZooKeeperConnectionString = configuration["ZooKeeper:ConnectionString"],
            StorageProvider = configuration["Storage:Provider"] ?? "FileSystem",
            StorageDirectory = configuration["Storage:Directory"] ?? ".orleansha",
            StorageConnectionString = configuration["Storage:ConnectionString"],
            DeleteOnCommit = configuration.GetValue("JobResultStore:DeleteOnCommit", true),
            Host = configuration["Silo:Host"] ?? "127.0.0.1",
            SiloPort = configuration.GetValue("Silo:Port", 11111),
            GatewayPort = configuration.GetValue("Gateway:Port", 30000),
            ShutdownTimeout = configuration.GetValue("Silo:ShutdownTimeout", TimeSpan.FromSeconds(30)),
        };
        Require(settings.UsesZooKeeper || string.Equals(settings.ClusteringProvider, "Localhost", StringComparison.OrdinalIgnoreCase),
            $"Clustering:Provider is '{settings.ClusteringProvider}': use ZooKeeper or Localhost");
        Require(!settings.UsesZooKeeper || !string.IsNullOrWhiteSpace(settings.ZooKeeperConnectionString),
            "ZooKeeper:ConnectionString is missing: give the ensemble, e.g. zk1:2181,zk2:2181,zk3:2181");
        Require(settings.UsesAzureBlob || string.Equals(settings.StorageProvider, "FileSystem", StringComparison.OrdinalIgnoreCase),
            $"Storage:Provider is '{settings.StorageProvider}': use AzureBlob or FileSystem");
        Require(!settings.UsesAzureBlob || !string.IsNullOrWhiteSpace(settings.StorageConnectionString),
            "Storage:ConnectionString is missing: give the storage account's connection string");
        Require(!string.IsNullOrWhiteSpace(settings.Host), "Silo:Host is empty: give this silo's IP address or host name, e.g. 127.0.0.1");
        Require(settings.ShutdownTimeout > TimeSpan.Zero,
            $"Silo:ShutdownTimeout is {settings.ShutdownTimeout}: give a positive time span, e.g. 00:00:30");
        return settings;
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new OrleansConfigurationException(problem + ".");
        }
    }
}
