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

        // Between two checkpoints the store holds exactly the retained ones; while one completes it briefly
        // holds the new payloads too, so the comparison is made until it falls between two checkpoints.
        IReadOnlyList<CompletedCheckpoint> retained = [];
        IReadOnlyList<long> stored = [];
        await Eventually.ThatAsync(
            async () =>
            {
                retained = await Runtime.Client.GetGrain<ICheckpointGrain>(spec.JobId.Value).GetRetainedAsync();
                stored = await Runtime.StoredCheckpointIdsAsync(spec.JobId);
                return retained.Select(c => c.CheckpointId).SequenceEqual(stored);
            },
            "the payload store to hold exactly the retained checkpoints",
            () => $"retained {string.Join(',', retained.Select(c => c.CheckpointId))}, stored {string.Join(',', stored)}");
        await Runtime.Job(spec.JobId).CancelAsync();

        Assert.Equal(2, retained.Count);
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
        await Runtime.Payloads.PutAsync(spec.JobId, latest.CheckpointId, 0, new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken);

        var result = await Runtime.WaitForResultAsync(spec.JobId);
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(previous.CheckpointId, details.RestoredCheckpointId);
        Assert.Equal(Specs.ExpectedSum(4_000), result.Accumulators[SumRange.Sum]);
    }
}
