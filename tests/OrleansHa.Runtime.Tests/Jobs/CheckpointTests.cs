using OrleansHa.Examples;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Checkpoints;
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
        // Payloads above the inline threshold: they live in the payload store.
        var spec = Specs.LargeState(1_000_000, parallelism: 3, delayMs: 5, checkpointInterval: TimeSpan.FromMilliseconds(50), retained: 2);
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
        // Payloads above the inline threshold, so the damage is done in the payload store.
        const long iterations = 600;
        var spec = Specs.LargeState(iterations, parallelism: 2, delayMs: 5, checkpointInterval: TimeSpan.FromMilliseconds(50), retained: 2) with
        {
            RestartStrategy = RestartStrategy.FixedDelay(1, TimeSpan.FromSeconds(1)),
        };
        await SubmitUntilThreeCheckpointsAsync(spec);
        await FailFirstAttemptAsync(spec);
        var retained = await Runtime.Client.GetGrain<ICheckpointGrain>(spec.JobId.Value).GetRetainedAsync();
        var latest = retained[^1];
        var previous = retained[^2];
        await Runtime.Payloads.PutAsync(spec.JobId, latest.CheckpointId, 0, new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken);

        var result = await Runtime.WaitForResultAsync(spec.JobId);
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(previous.CheckpointId, details.RestoredCheckpointId);
        Assert.Equal(iterations * spec.Parallelism, result.Accumulators["iterations"]);
    }

    [Fact]
    public async Task SmallPayloads_AreStoredWithTheirCheckpoint_AndNothingInThePayloadStore()
    {
        var spec = Specs.NeverEnding(parallelism: 2, checkpointInterval: TimeSpan.FromMilliseconds(50), retained: 2);
        await Runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await Runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 4,
            "four completed checkpoints");
        var checkpoints = Runtime.Client.GetGrain<ICheckpointStoreGrain>(spec.JobId.Value);

        // Read between two checkpoints: the retained ones have their inline payloads, the dropped one none.
        IReadOnlyList<CompletedCheckpoint> retained = [];
        IReadOnlyList<IReadOnlyDictionary<int, byte[]>> inline = [];
        IReadOnlyDictionary<int, byte[]> dropped = new Dictionary<int, byte[]>();
        await Eventually.ThatAsync(
            async () =>
            {
                retained = await checkpoints.GetRetainedAsync();
                inline = await Task.WhenAll(retained.Select(c => checkpoints.GetInlinePayloadsAsync(c.CheckpointId)));
                dropped = await checkpoints.GetInlinePayloadsAsync(retained[0].CheckpointId - 1);
                return retained.Select(c => c.CheckpointId).SequenceEqual((await checkpoints.GetRetainedAsync()).Select(c => c.CheckpointId));
            },
            "the retained checkpoints to hold still while they are read");
        var stored = await Runtime.StoredCheckpointIdsAsync(spec.JobId);
        await Runtime.Job(spec.JobId).CancelAsync();

        Assert.Empty(stored);
        Assert.Empty(dropped);
        Assert.Equal(2, retained.Count);
        for (var i = 0; i < retained.Count; i++)
        {
            Assert.Equal([0, 1], inline[i].Keys.Order());
            foreach (var (subtask, payload) in inline[i])
            {
                Assert.Equal(1, SubtaskSnapshot.Decode(payload, retained[i].CheckpointId, subtask).Attempt);
            }
        }
    }

    [Fact]
    public async Task RestartFromACheckpointWithInlinePayloads_RestoresTheStateAndTheSumIsExact()
    {
        var spec = Specs.SumRange(4_000, parallelism: 2, delayMs: 1, checkpointInterval: TimeSpan.FromMilliseconds(50), retained: 2) with
        {
            RestartStrategy = RestartStrategy.FixedDelay(1, TimeSpan.FromSeconds(1)),
        };
        await SubmitUntilThreeCheckpointsAsync(spec);
        var stored = await Runtime.StoredCheckpointIdsAsync(spec.JobId);

        await FailFirstAttemptAsync(spec);
        var result = await Runtime.WaitForResultAsync(spec.JobId);
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.Empty(stored);
        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(2, details.Attempt);
        Assert.NotNull(details.RestoredCheckpointId);
        Assert.Equal(Specs.ExpectedSum(4_000), result.Accumulators[SumRange.Sum]);
    }

    private async Task SubmitUntilThreeCheckpointsAsync(JobSpec spec)
    {
        await Runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await Runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 3,
            "three completed checkpoints");
    }

    /// <summary>
    /// Subtask 0 of attempt 1 fails. Cancelling the attempt on the executor makes its subtasks stop without a
    /// report, so the job cannot finish; failing it goes through the job grain like a failed subtask.
    /// </summary>
    private async Task FailFirstAttemptAsync(JobSpec spec)
    {
        var executor = Runtime.Client.GetGrain<Execution.ITaskExecutorGrain>(
            (await Runtime.Job(spec.JobId).GetDetailsAsync()).Subtasks[0].Silo);
        await Runtime.Job(spec.JobId).OnSubtaskFailedAsync(1, 0, "injected failure", recoverable: true);
        await executor.CancelAsync(spec.JobId, 1);
    }
}
