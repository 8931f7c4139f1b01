using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Membership;

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
        try
        {
            ZooKeeperConnectionString.Parse(value.ConnectionString);
        }
        catch (ArgumentException e)
        {
            Fail(nameof(value.ConnectionString), $"is invalid. {e.Message}");
        }

        if (ZooKeeperPath.Problem(value.RootPath ?? string.Empty, sequential: false) is { } rootProblem)
        {
            Fail(
                nameof(value.RootPath),
                $"'{value.RootPath}' is not an absolute znode path: {rootProblem}. Set it to a path such as " +
                $"'{ZooKeeperClusteringOptions.DefaultRootPath}'.");
        }

        CheckPositive(nameof(value.SessionTimeout), value.SessionTimeout);
        CheckPositive(nameof(value.ConnectTimeout), value.ConnectTimeout);

        // The cluster id becomes one znode's name under the root path.
        var clusterId = clusterOptions.Value.ClusterId;
        if (ZooKeeperMembershipPaths.ClusterIdProblem(clusterId) is { } clusterIdProblem)
        {
            throw new OrleansConfigurationException(
                $"{nameof(ClusterOptions)}.{nameof(ClusterOptions.ClusterId)} '{clusterId}' cannot name a znode for " +
                $"ZooKeeper clustering: {clusterIdProblem}. Use letters, digits, '-' or '_'.");
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
