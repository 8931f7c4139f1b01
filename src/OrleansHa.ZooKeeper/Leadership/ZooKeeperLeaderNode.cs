using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Leadership;
using OrleansHa.Storage;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Membership;

namespace OrleansHa.ZooKeeper.Leadership;

/// <summary>
/// The leader znode of one cluster, <c>&lt;root&gt;/&lt;cluster-id&gt;/leader</c> (DESIGN.md 3.1): where it is,
/// and how to read it. The publisher and the retriever share it.
/// </summary>
internal sealed class ZooKeeperLeaderNode
{
    public const string NodeName = "leader";

    private readonly ZooKeeperMembershipPaths _paths;

    public ZooKeeperLeaderNode(IOptions<ZooKeeperClusteringOptions> options, IOptions<ClusterOptions> clusterOptions)
    {
        _paths = new ZooKeeperMembershipPaths(options.Value.RootPath, clusterOptions.Value.ClusterId);
        Path = ZooKeeperMembershipPaths.Combine(_paths.ClusterPath, NodeName);
    }

    public string Path { get; }

    /// <summary>The node's content and stat, or null when there is no node.</summary>
    /// <remarks>An unreadable node is logged and returned with a null <see cref="Stored.Info"/>.</remarks>
    public async Task<Stored?> ReadAsync(IZooKeeperClient client, ILogger logger, CancellationToken cancellationToken)
    {
        ZooKeeperNodeData node;
        try
        {
            node = await client.GetDataAsync(Path, null, cancellationToken);
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
        {
            return null;
        }

        try
        {
            return new Stored(LeaderInfoDocument.Read(Path, node.Data), node.Stat);
        }
        catch (CorruptStoredRecordException e)
        {
            logger.CorruptLeaderNode(e, Path);
            return new Stored(null, node.Stat);
        }
    }

    /// <summary>Creates the cluster node and its parents where missing, so that the leader node can be created.</summary>
    public async Task CreateParentsAsync(IZooKeeperClient client, CancellationToken cancellationToken)
    {
        foreach (var path in _paths.ClusterPathAndParents())
        {
            try
            {
                await client.CreateAsync(path, ReadOnlyMemory<byte>.Empty, ZooKeeperCreateMode.Persistent, cancellationToken);
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NodeExists)
            {
                // Made by membership or by an earlier leader.
            }
        }
    }

    /// <param name="Info">The leader info, or null when the node does not hold a readable one.</param>
    /// <param name="Stat">The node's stat: its version conditions a replace or delete.</param>
    public sealed record Stored(LeaderInfo? Info, ZooKeeperStat Stat);
}
