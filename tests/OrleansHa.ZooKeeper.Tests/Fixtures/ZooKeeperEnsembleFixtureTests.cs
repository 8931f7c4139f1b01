using OrleansHa.Testing.ZooKeeper;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Fixtures;

/// <summary>The ensemble fixture the failover tests rely on really elects a new leader when one is killed.</summary>
public sealed class ZooKeeperEnsembleFixtureTests
{
    [Fact]
    public async Task ThreeNodeEnsemble_LeaderKilled_RemainingNodesElectANewLeader()
    {
        await using var ensemble = await ZooKeeperEnsemble.StartAsync(3, TestContext.Current.CancellationToken);
        var leader = await ensemble.GetLeaderAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, ensemble.Nodes.Count);

        leader.Kill();
        var next = await ensemble.GetLeaderAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(leader.Id, next.Id);
        Assert.False(leader.IsRunning);
    }
}
