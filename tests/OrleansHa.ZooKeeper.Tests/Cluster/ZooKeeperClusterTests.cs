using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;
using OrleansHa.Testing.ZooKeeper;
using OrleansHa.ZooKeeper.Tests.Client;
using OrleansHa.ZooKeeper.Tests.Membership;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>
/// Three silo processes and an Orleans client whose only clustering is ZooKeeper. One class, so that its tests
/// run one after the other: each starts several processes, and failure detection is tuned tight.
/// </summary>
public sealed class ZooKeeperClusterTests(StandaloneZooKeeperFixture zooKeeper) : IClassFixture<StandaloneZooKeeperFixture>
{
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeSilos_FormServeAClientThroughZooKeeper_DeclareAKilledSiloDead_AndTakeItBackOnRestart()
    {
        await using var cluster = await TestSiloCluster.CreateAsync(zooKeeper.ConnectionString);
        var (silos, joined) = await cluster.StartSilosAsync(3);

        await cluster.StartClientAsync();
        var gateways = await cluster.ClientServices.GetRequiredService<IGatewayListProvider>().GetGatewaysAsync(Cancel);
        Assert.Equal(silos.Select(s => s.GatewayPort).Order(), gateways.Select(uri => uri.Port).Order());
        Assert.Subset(silos.Select(s => s.Name).ToHashSet(), await cluster.CallProbeGrainsAsync());

        var victim = silos[1];
        var victimAddress = joined[victim.Name];
        victim.Kill();
        var clock = Stopwatch.StartNew();
        var afterDeath = await cluster.WaitUntilTableAsync(
            table => table.Row(victimAddress).Entry.Status == SiloStatus.Dead, DeathTimeout, $"{victim.Name} declared dead");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kill -9 of {victim.Name} -> Dead in ZooKeeper after {clock.Elapsed.TotalMilliseconds:0} ms");
        foreach (var survivor in silos.Where(s => s != victim))
        {
            Assert.Equal(SiloStatus.Active, afterDeath.Row(joined[survivor.Name]).Entry.Status);
        }

        Assert.DoesNotContain(victim.Name, await cluster.CallProbeGrainsAsync());

        var restarted = cluster.StartSilo(victim.Name, [victim.SiloPort, victim.GatewayPort]);
        var rejoined = await cluster.WaitForActiveAsync([restarted], previous: victimAddress);
        var final = await cluster.Membership.Table.ReadAllAsync(Cancel);
        Assert.True(rejoined[victim.Name].Generation > victimAddress.Generation);
        Assert.Equal(SiloStatus.Dead, final.Row(victimAddress).Entry.Status);
        Assert.Equal(3, final.Members.Count(row => row.Item1.Status == SiloStatus.Active));
        Assert.Subset(silos.Select(s => s.Name).ToHashSet(), await cluster.CallProbeGrainsAsync());
    }

    [Fact]
    public async Task ZooKeeperLeaderKilled_WhileTheClusterRuns_NoSiloIsDeclaredDeadAndHeartbeatsResume()
    {
        await using var ensemble = await ZooKeeperEnsemble.StartAsync(3, Cancel);
        await using var cluster = await TestSiloCluster.CreateAsync(ensemble.ConnectionString);
        var (_, joined) = await cluster.StartSilosAsync(3);
        await cluster.StartClientAsync();
        Assert.NotEmpty(await cluster.CallProbeGrainsAsync());

        var leader = await ensemble.GetLeaderAsync(Cancel);
        leader.Kill();
        var killedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await ensemble.GetLeaderAsync(Cancel);

        // Each silo's session carries on: its heartbeat lands again, and nobody was declared dead meanwhile.
        var after = await cluster.WaitUntilTableAsync(
            table => joined.Values.All(silo => table.Row(silo).Entry.IAmAliveTime > killedAt),
            RecoveryTimeout,
            "every silo's heartbeat written after the ZooKeeper leader was killed");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"ZooKeeper leader {leader.Id} killed -> every silo's heartbeat written again after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.All(joined.Values, silo => Assert.Equal(SiloStatus.Active, after.Row(silo).Entry.Status));
        Assert.Equal(3, after.Members.Count);
        Assert.NotEmpty(await cluster.CallProbeGrainsAsync());
    }
}
