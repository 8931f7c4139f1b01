using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace OrleansHa.ZooKeeper.Configuration;

/// <summary>
/// Fails the silo or client start on options that cannot work, naming the option, what is wrong and how to fix
/// it. Orleans runs every <see cref="IConfigurationValidator"/> before anything connects.
/// </summary>
internal sealed class ZooKeeperClusteringOptionsValidator(
    IOptions<ZooKeeperClusteringOptions> options, IOptions<ClusterOptions> clusterOptions) : IConfigurationValidator
{
    private const string Name = nameof(ZooKeeperClusteringOptions);

    public void ValidateConfiguration()
    {
        var value = options.Value;
        if (ZooKeeperPathSyntax.CheckConnectionString(value.ConnectionString) is { } connectionProblem)
        {
            Fail(
                nameof(value.ConnectionString),
                $"'{value.ConnectionString}' is not a ZooKeeper connection string: {connectionProblem}. Set it to the " +
                "ensemble's servers as comma-separated host:port pairs, e.g. 'zk1:2181,zk2:2181,zk3:2181'.");
        }

        if (ZooKeeperPathSyntax.CheckAbsolutePath(value.RootPath) is { } rootProblem)
        {
            Fail(
                nameof(value.RootPath),
                $"'{value.RootPath}' {rootProblem}. Set it to an absolute znode path such as " +
                $"'{ZooKeeperClusteringOptions.DefaultRootPath}'.");
        }

        CheckPositive(nameof(value.SessionTimeout), value.SessionTimeout);
        CheckPositive(nameof(value.ConnectTimeout), value.ConnectTimeout);

        // The cluster id becomes one znode's name under the root path.
        var clusterId = clusterOptions.Value.ClusterId;
        if (ZooKeeperPathSyntax.CheckNodeName(clusterId) is { } clusterIdProblem)
        {
            throw new OrleansConfigurationException(
                $"{nameof(ClusterOptions)}.{nameof(ClusterOptions.ClusterId)} '{clusterId}' cannot name a znode for " +
                $"ZooKeeper clustering: it {clusterIdProblem}.");
        }
    }

    private static void CheckPositive(string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Fail(option, $"is {value}; it must be positive, e.g. 10 seconds.");
        }
    }

    private static void Fail(string option, string problem) =>
        throw new OrleansConfigurationException($"{Name}.{option} {problem}");
}
