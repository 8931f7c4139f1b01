using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>
/// The znode layout of one cluster's membership table (DESIGN.md 3.1):
/// <code>
/// &lt;root&gt;/&lt;cluster-id&gt;                         the cluster
/// &lt;root&gt;/&lt;cluster-id&gt;/membership              table node: data = table version, node version = table etag
/// &lt;root&gt;/&lt;cluster-id&gt;/membership/&lt;silo&gt;       one row: the entry as JSON, node version = row etag
/// &lt;root&gt;/&lt;cluster-id&gt;/membership/&lt;silo&gt;/alive heartbeat: IAmAliveTime, written blindly
/// </code>
/// </summary>
internal sealed class ZooKeeperMembershipPaths
{
    public const string TableNodeName = "membership";
    public const string AliveNodeName = "alive";

    public ZooKeeperMembershipPaths(string rootPath, string clusterId)
    {
        if (ZooKeeperPath.Problem(rootPath, sequential: false) is { } rootProblem)
        {
            throw new ArgumentException($"The root path '{rootPath}' is not an absolute znode path: {rootProblem}.", nameof(rootPath));
        }

        if (ClusterIdProblem(clusterId) is { } clusterProblem)
        {
            throw new ArgumentException($"The cluster id '{clusterId}' cannot name a znode: {clusterProblem}.", nameof(clusterId));
        }

        RootPath = rootPath;
        ClusterPath = Combine(rootPath, clusterId);
        TablePath = Combine(ClusterPath, TableNodeName);
    }

    public string RootPath { get; }

    /// <summary>Null when the cluster id can be one znode's name, otherwise what is wrong with it.</summary>
    public static string? ClusterIdProblem(string? clusterId)
    {
        if (string.IsNullOrEmpty(clusterId))
        {
            return "it is empty";
        }

        if (clusterId.Contains('/', StringComparison.Ordinal))
        {
            return "it contains '/'";
        }

        if (clusterId.Any(char.IsControl))
        {
            return "it contains a control character";
        }

        return ZooKeeperPath.Problem("/" + clusterId, sequential: false);
    }

    public string ClusterPath { get; }

    public string TablePath { get; }

    /// <summary>A silo's row name: its parsable address, e.g. <c>10.0.0.5:11111@400000000</c>.</summary>
    public static string RowName(SiloAddress silo) => silo.ToParsableString();

    public string RowPath(string rowName) => Combine(TablePath, rowName);

    public string RowPath(SiloAddress silo) => RowPath(RowName(silo));

    public string AlivePath(string rowName) => Combine(RowPath(rowName), AliveNodeName);

    public string AlivePath(SiloAddress silo) => AlivePath(RowName(silo));

    /// <summary>Every path from the first node under the root down to the cluster node, parents first.</summary>
    public IEnumerable<string> ClusterPathAndParents()
    {
        var path = string.Empty;
        foreach (var name in ClusterPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += "/" + name;
            yield return path;
        }
    }

    public static string Combine(string parent, string child) => parent == "/" ? "/" + child : parent + "/" + child;
}
