using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Testing.ZooKeeper;
using Xunit;

namespace OrleansHa.Runtime.Tests.Leadership;

/// <summary>ZooKeeper's own failover is invisible to the jobs and to our leadership.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ZooKeeperOutageTests
{
    [Fact]
    public async Task EnsembleLeaderKilledWhileJobsRun_NoJobRestarts_AndOurLeaderStays()
    {
        await using var ensemble = await ZooKeeperEnsemble.StartAsync(3, TestContext.Current.CancellationToken);
        await using var runtime = await RuntimeCluster.StartAsync(silos: 3, slotsPerSilo: 2, zooKeeper: ensemble.ConnectionString);
        const long n = 8_000;
        var specs = Enumerable.Range(0, 3)
            .Select(_ => Specs.SumRange(n, parallelism: 2, delayMs: 2, checkpointInterval: TimeSpan.FromMilliseconds(200)))
            .ToList();
        foreach (var spec in specs)
        {
            await runtime.SubmitAsync(spec);
        }

        await Eventually.ThatAsync(
            async () => (await Task.WhenAll(specs.Select(s => runtime.Job(s.JobId).GetDetailsAsync()))).All(d => d.Status == JobStatus.Running),
            "every job RUNNING");
        var leader = await runtime.Leader.GetLeaderAsync();
        var zooKeeperLeader = await ensemble.GetLeaderAsync(TestContext.Current.CancellationToken);

        zooKeeperLeader.Kill();

        // The outage overlapped the jobs: a new ZooKeeper leader was elected while they still ran.
        var newZooKeeperLeader = await ensemble.GetLeaderAsync(TestContext.Current.CancellationToken);
        Assert.NotSame(zooKeeperLeader, newZooKeeperLeader);
        var during = await Task.WhenAll(specs.Select(s => runtime.Job(s.JobId).GetDetailsAsync()));
        Assert.Contains(during, d => d.Status == JobStatus.Running);

        foreach (var spec in specs)
        {
            var result = await runtime.WaitForResultAsync(spec.JobId);
            var details = await runtime.Job(spec.JobId).GetDetailsAsync();
            Assert.Equal(JobStatus.Finished, result.FinalStatus);
            Assert.Equal(Specs.ExpectedSum(n), result.Accumulators[SumRange.Sum]);
            Assert.Equal(1, details.Attempt);
        }

        Assert.Equal(leader, await runtime.Leader.GetLeaderAsync());
        Assert.Equal(3, runtime.Cluster.Silos.Count(s => s.IsActive));
        var slots = await runtime.Leader.GetClusterSlotsAsync();
        Assert.Equal(3, slots.Executors.Count);
    }
}
