using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Leadership;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Leadership;

/// <summary>The standby silos' watchdogs: what brings a new leader up when no client or job calls it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaderWatchdogTests
{
    [Fact]
    public async Task LeaderSiloKilled_WithNoCallerAndTheNextWatchdogTickAnHourAway_TheSiloLeavingWakesTheStandbysAndANewLeaderLeads()
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 3, slotsPerSilo: 1, o => o.Leadership.WatchdogInterval = TimeSpan.FromHours(1));
        var before = await runtime.Leader.GetLeaderAsync();
        var victim = runtime.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.SiloAddress);

        await runtime.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        // Only the leader znode is read from here on: no call to the leader grain activates it.
        var retriever = runtime.SiloServices.GetRequiredService<ILeaderInfoRetriever>();
        LeaderInfo? published = null;
        await Eventually.ThatAsync(
            async () => (published = await retriever.GetAsync(TestContext.Current.CancellationToken)) is { } info && info.Epoch > before.Epoch,
            "a new leader published without any call to the leader grain",
            () => $"published: {published}, before: {before}");
        Assert.NotEqual(before.SiloAddress, published!.SiloAddress);
    }
}
