using OrleansHa.Examples;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Checkpoints;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>Tests that kill or add silos, each on a cluster of its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests
{
    [Fact]
    public async Task KillingASiloThatRunsSubtasks_RestartsFromTheLatestCheckpoint_AndTheSumIsExact()
    {
        // Three slots per silo: the two silos left after the kill still have the six slots the job needs.
        await using var runtime = await RuntimeCluster.StartAsync(silos: 3, slotsPerSilo: 3);
        const long n = 9_000;
        // Every checkpoint is retained, so the one the restart restored from can be inspected while the job runs on.
        var spec = Specs.SumRange(n, parallelism: 6, delayMs: 3, checkpointInterval: TimeSpan.FromMilliseconds(100), retained: 1000);

        await runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 2,
            "two completed checkpoints");
        var before = await runtime.Job(spec.JobId).GetDetailsAsync();
        var leaderSilo = (await runtime.Leader.GetClusterSlotsAsync()).LeaderSilo;
        var victim = runtime.Cluster.Silos.FirstOrDefault(s =>
            s.SiloAddress.ToParsableString() != leaderSilo &&
            before.Subtasks.Any(t => t.Silo == s.SiloAddress.ToParsableString() && !t.Finished));
        Assert.True(victim is not null, $"no silo but the leader's runs subtasks: leader {leaderSilo}, {before}, {string.Join(' ', before.Subtasks)}");
        await runtime.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        // The restored checkpoint is read while the restarted attempt runs: the job's cleanup deletes it after.
        JobDetails? restarted = null;
        await Eventually.ThatAsync(
            async () => (restarted = await runtime.Job(spec.JobId).GetDetailsAsync()) is { Attempt: >= 2, Status: JobStatus.Running },
            "the job to run again as a later attempt",
            () => $"last seen: {restarted}");
        Assert.NotNull(restarted!.RestoredCheckpointId);
        var restored = (await runtime.Client.GetGrain<ICheckpointGrain>(spec.JobId.Value).GetRetainedAsync())
            .Single(c => c.CheckpointId == restarted.RestoredCheckpointId);
        long restoredSum = restored.FinishedSubtasks.Values.Sum(a => a.GetValueOrDefault(SumRange.Sum));
        foreach (var subtask in Enumerable.Range(0, spec.Parallelism).Where(i => !restored.FinishedSubtasks.ContainsKey(i)))
        {
            var payload = await runtime.ReadPayloadAsync(spec.JobId, restored.CheckpointId, subtask);
            restoredSum += SubtaskSnapshot.Decode(payload, restored.CheckpointId, subtask).Accumulators.GetValueOrDefault(SumRange.Sum);
        }

        var result = await runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(Specs.ExpectedSum(n), result.Accumulators[SumRange.Sum]);
        Assert.Equal(n, result.Accumulators[SumRange.Elements]);

        // The restored subtasks started past zero: the checkpoint they restored from had counted work.
        Assert.True(restoredSum > 0, "the restored checkpoint should hold the work counted before the failure");
    }

    [Fact]
    public async Task SiloAddedToTheCluster_LendsItsSlotsToAWaitingJob()
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 2, slotsPerSilo: 2);
        var spec = Specs.SumRange(600, parallelism: 6);

        await runtime.SubmitAsync(spec);
        Assert.Equal([spec.JobId], await runtime.Leader.GetQueuedJobsAsync());
        Assert.Equal(JobStatus.Created, (await runtime.Job(spec.JobId).GetDetailsAsync()).Status);
        await runtime.Cluster.StartAdditionalSiloAsync();
        var result = await runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(Specs.ExpectedSum(600), result.Accumulators[SumRange.Sum]);
        Assert.Equal(6, (await runtime.Leader.GetClusterSlotsAsync()).TotalSlots);
    }
}
