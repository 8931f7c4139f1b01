using Microsoft.Extensions.Logging;
using OrleansHa.Leadership;
using OrleansHa.ZooKeeper.Membership;

namespace OrleansHa.ZooKeeper.Leadership;

/// <summary>Reads the leader znode over the process's clustering session: one get-data per call.</summary>
internal sealed class ZooKeeperLeaderInfoRetriever(
    ZooKeeperClusteringSession session, ZooKeeperLeaderNode node, ILogger<ZooKeeperLeaderInfoRetriever> logger)
    : ILeaderInfoRetriever
{
    public async Task<LeaderInfo?> GetAsync(CancellationToken cancellationToken = default)
    {
        var client = await session.GetClientAsync(cancellationToken);
        return (await node.ReadAsync(client, logger, cancellationToken))?.Info;
    }
}
