using OrleansHa.Examples;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class CheckpointTests(SharedClusterFixture fixture)
{
    private RuntimeCluster Runtime => fixture.Runtime;

    [Fact]
    public async Task TwoRetained_ThePayloadStoreHoldsExactlyTheTwoLatestCheckpoints()
    {
        var spec = Specs.NeverEnding(parallelism: 3, checkpointInterval: TimeSpan.FromMilliseconds(50), retained: 2);
        await Runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await Runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 4,
            "four completed checkpoints");

        // Read the metadata and the store between two checkpoints: cancel first so that nothing moves.
        await Runtime.Job(spec.JobId).CancelAsync();
        var retained = await Runtime.Client.GetGrain<ICheckpointGrain>(spec.JobId.Value).GetRetainedAsync();
        var stored = await Runtime.Blobs.CheckpointIdsAsync(spec.JobId);

        Assert.Equal(2, retained.Count);
        Assert.Equal(retained.Select(c => c.CheckpointId), stored);
    }

    [Fact]
    public async Task CorruptLatestCheckpoint_TheRestartRestoresFromThePreviousOne()
    {
        // Subtask 0 fails once, after the first checkpoints completed; the latest is damaged before the restart.
        var spec = Specs.SumRange(4_000, parallelism: 2, delayMs: 1, checkpointInterval: TimeSpan.FromMilliseconds(50), retained: 2) with
        {
            RestartStrategy = RestartStrategy.FixedDelay(1, TimeSpan.FromSeconds(1)),
        };
        await Runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await Runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 3,
            "three completed checkpoints");
        var executor = Runtime.Client.GetGrain<Execution.ITaskExecutorGrain>(
            (await Runtime.Job(spec.JobId).GetDetailsAsync()).Subtasks[0].Silo);

        // Cancelling the attempt on the executor makes its subtasks stop without a report, so the job
        // cannot finish; failing it goes through the job grain like a failed subtask.
        await Runtime.Job(spec.JobId).OnSubtaskFailedAsync(1, 0, "injected failure", recoverable: true);
        await executor.CancelAsync(spec.JobId, 1);
        var retained = await Runtime.Client.GetGrain<ICheckpointGrain>(spec.JobId.Value).GetRetainedAsync();
        var latest = retained[^1];
        var previous = retained[^2];
        await Runtime.Blobs.OverwriteAsync(Runtime.Blobs.Layout.CheckpointPayload(spec.JobId, latest.CheckpointId, 0), [1, 2, 3]);

        var result = await Runtime.WaitForResultAsync(spec.JobId);
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(previous.CheckpointId, details.RestoredCheckpointId);
        Assert.Equal(Specs.ExpectedSum(4_000), result.Accumulators[SumRange.Sum]);
    }
}
