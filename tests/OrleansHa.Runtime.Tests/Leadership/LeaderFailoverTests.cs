using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansHa.Examples;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Leadership;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Leader;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage;
using Xunit;

namespace OrleansHa.Runtime.Tests.Leadership;

/// <summary>Leader failover and fencing, each test on a cluster of its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaderFailoverTests
{
    [Fact]
    public async Task LeaderSiloKilled_ANewLeaderWithAHigherEpochTakesOver_AndRunningJobsFinishExactly()
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 3, slotsPerSilo: 3);
        var finished = Specs.SumRange(10, parallelism: 3);
        await runtime.SubmitAsync(finished);
        var finishedResult = await runtime.WaitForResultAsync(finished.JobId);
        const long n = 3_000;
        var specs = Enumerable.Range(0, 4)
            .Select(_ => Specs.SumRange(n, parallelism: 1, delayMs: 2, checkpointInterval: TimeSpan.FromMilliseconds(100)))
            .ToList();
        foreach (var spec in specs)
        {
            await runtime.SubmitAsync(spec);
        }

        await Eventually.ThatAsync(
            async () => (await Task.WhenAll(specs.Select(s => runtime.Job(s.JobId).GetDetailsAsync())))
                .All(d => d.LatestCompletedCheckpointId >= 1),
            "every job to complete a checkpoint");
        var before = await runtime.Leader.GetLeaderAsync();
        var victim = runtime.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.SiloAddress);

        await runtime.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        LeaderInfo? after = null;
        await Eventually.ThatAsync(
            async () =>
            {
                after = await runtime.Leader.GetLeaderAsync();
                return after.SiloAddress != before.SiloAddress;
            },
            "a leader on another silo",
            () => $"last seen: {after}");
        Assert.Equal(before.Epoch + 1, after!.Epoch);
        Assert.True(after.Since > before.Since, $"the new leader's since ({after.Since}) should follow the old one's ({before.Since})");

        // The leader znode names the new leader too: it is what clients and operators read.
        var retriever = runtime.SiloServices.GetRequiredService<ILeaderInfoRetriever>();
        LeaderInfo? published = null;
        await Eventually.ThatAsync(
            async () => (published = await retriever.GetAsync(TestContext.Current.CancellationToken)) == after,
            "the leader znode to name the new leader",
            () => $"published: {published}, leader: {after}");

        foreach (var spec in specs)
        {
            var result = await runtime.WaitForResultAsync(spec.JobId);
            Assert.Equal(JobStatus.Finished, result.FinalStatus);
            Assert.Equal(Specs.ExpectedSum(n), result.Accumulators[SumRange.Sum]);
            Assert.Equal(n, result.Accumulators[SumRange.Elements]);
        }

        // The job that had finished before the failover was not run again, and its id stays taken.
        var executors = await Task.WhenAll(runtime.Cluster.Silos.Where(s => s.IsActive).Select(s =>
            runtime.Client.GetGrain<ITaskExecutorGrain>(s.SiloAddress.ToParsableString()).GetInfoAsync()));
        Assert.DoesNotContain(executors.SelectMany(e => e.Running), r => r.JobId == finished.JobId);
        var again = await Assert.ThrowsAsync<DuplicateJobSubmissionException>(() => runtime.SubmitAsync(finished));
        Assert.True(again.GloballyTerminated);
        var history = await runtime.SiloServices.GetRequiredService<IJobHistoryStore>().GetAsync(finished.JobId, TestContext.Current.CancellationToken);
        Assert.Equal((finishedResult.FinalStatus, finishedResult.Accumulators[SumRange.Sum]), (history!.FinalStatus, history.Accumulators[SumRange.Sum]));

        var next = Specs.SumRange(100, parallelism: 2);
        await runtime.SubmitAsync(next);
        Assert.Equal(Specs.ExpectedSum(100), (await runtime.WaitForResultAsync(next.JobId)).Accumulators[SumRange.Sum]);
    }

    [Fact]
    public async Task AnotherActivationWinsANewerEpoch_TheStaleLeaderStepsDown_AndJobsRefuseItsCommands()
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 2, slotsPerSilo: 2);
        var spec = Specs.NeverEnding(parallelism: 2, checkpointInterval: TimeSpan.FromMilliseconds(100));
        await runtime.SubmitAsync(spec);
        await runtime.WaitForStatusAsync(spec.JobId, JobStatus.Running);
        var stale = await runtime.Leader.GetLeaderAsync();

        // What a second activation of the leader would do: win the next epoch in storage.
        var storage = runtime.Cluster.Silos.OfType<InProcessSiloHandle>().First().ServiceProvider
            .GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa);
        var leaderId = GrainId.Create(JobManagerGrain.GrainTypeName, IJobManagerGrain.Key.ToString());
        var stored = new GrainState<LeaderGrainState>(new LeaderGrainState());
        await storage.ReadStateAsync("leader", leaderId, stored);
        Assert.NotNull(stored.State);
        Assert.Equal(stale.Epoch, stored.State.Epoch);
        stored.State.Epoch = stale.Epoch + 1;
        await storage.WriteStateAsync("leader", leaderId, stored);

        // The stale activation finds the newer epoch and deactivates; the watchdogs activate the next leader,
        // which wins the epoch after the one written above.
        LeaderInfo? current = null;
        await Eventually.ThatAsync(
            async () => (current = await runtime.Leader.GetLeaderAsync()).Epoch > stale.Epoch + 1,
            "a leader with an epoch above the one the other activation won",
            () => $"last seen: {current}");
        Assert.Equal(stale.Epoch + 2, current!.Epoch);

        // The job grain sees the new leader's epoch once the new leader recovered it; the old epoch is refused.
        var newer = current!.Epoch;
        await Eventually.ThatAsync(
            async () =>
            {
                try
                {
                    await runtime.Client.GetGrain<IJobMasterGrain>(spec.JobId.Value).OnSiloLostAsync(stale.Epoch, "no-such-silo");
                    return false;
                }
                catch (StaleEpochException exception)
                {
                    return exception.HighestSeen == newer;
                }
            },
            "the job grain to refuse a command of the stale epoch");

        // Nothing of the running job was disturbed by the change of leader.
        var details = await runtime.Job(spec.JobId).GetDetailsAsync();
        Assert.Equal(JobStatus.Running, details.Status);
        Assert.Equal(1, details.Attempt);
        await runtime.Job(spec.JobId).CancelAsync();
        Assert.Equal(JobStatus.Canceled, (await runtime.WaitForResultAsync(spec.JobId)).FinalStatus);
    }
}
