using OrleansHa.Jobs;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Leadership;

/// <summary>A clean shutdown of the leader's silo hands the leadership over before the silo stops.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaderHandoverTests
{
    [Fact]
    public async Task LeaderSiloStoppedCleanly_TheLeaderMovesToAnotherSiloWithTheNextEpoch_WhileItsSiloStillRuns()
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 3, slotsPerSilo: 2);
        var before = await runtime.Leader.GetLeaderAsync();
        var victim = runtime.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.SiloAddress);
        using var metrics = new MetricsListener();

        await runtime.Cluster.StopSiloAsync(victim, TestContext.Current.CancellationToken);

        var after = await runtime.Leader.GetLeaderAsync();
        Assert.Equal(before.Epoch + 1, after.Epoch);
        Assert.NotEqual(before.SiloAddress, after.SiloAddress);
        Assert.Equal(1, metrics.Snapshot().Counter("orleansha.leader.handovers"));

        // The handover was the only leadership change: no leader was activated after the silo had gone.
        Assert.Equal(1, metrics.Snapshot().Counter("orleansha.leader.epochs"));
        var spec = Specs.SumRange(10, parallelism: 1);
        await runtime.SubmitAsync(spec);
        Assert.Equal(JobStatus.Finished, (await runtime.WaitForResultAsync(spec.JobId)).FinalStatus);
    }
}
