using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class LifecycleTests(SharedClusterFixture fixture)
{
    private const int TotalSlots = SharedClusterFixture.Silos * SharedClusterFixture.SlotsPerSilo;

    private RuntimeCluster Runtime => fixture.Runtime;

    [Fact]
    public async Task FailingSubtasks_WithinTheRestartStrategy_RestartAndFinish()
    {
        var spec = Specs.FailFirstAttempts(2, RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(20)));

        await Runtime.SubmitAsync(spec);
        var result = await Runtime.WaitForResultAsync(spec.JobId);
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(3, details.Attempt);
        Assert.Equal(spec.Parallelism, result.Accumulators["done"]);
        await Runtime.WaitForSlotsAsync(TotalSlots, usedSlots: 0);
    }

    [Fact]
    public async Task RestartStrategyRunsOut_EndsFailedWithTheCause()
    {
        var spec = Specs.FailFirstAttempts(10, RestartStrategy.FixedDelay(2, TimeSpan.FromMilliseconds(20)));

        await Runtime.SubmitAsync(spec);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Failed, result.FinalStatus);
        Assert.Contains("FailFirstAttempts fails attempt 3", result.FailureCause);
        Assert.Contains("allows no more restarts", result.FailureCause);
        Assert.Equal(3, (await Runtime.Job(spec.JobId).GetDetailsAsync()).Attempt);
        await Runtime.WaitForSlotsAsync(TotalSlots, usedSlots: 0);
    }

    [Fact]
    public async Task ExponentialDelayRunsOut_EndsFailed()
    {
        var spec = Specs.FailFirstAttempts(10, RestartStrategy.ExponentialDelay(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40), 3));

        await Runtime.SubmitAsync(spec);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Failed, result.FinalStatus);
        Assert.Equal(4, (await Runtime.Job(spec.JobId).GetDetailsAsync()).Attempt);
    }

    [Fact]
    public async Task NoRestartStrategy_FirstFailureEndsTheJobFailed()
    {
        var spec = Specs.FailFirstAttempts(1, RestartStrategy.None);

        await Runtime.SubmitAsync(spec);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Failed, result.FinalStatus);
        Assert.Equal(1, (await Runtime.Job(spec.JobId).GetDetailsAsync()).Attempt);
    }

    [Fact]
    public async Task Cancel_EndsCanceled_WithSubtasksStoppedAndSlotsFree()
    {
        var spec = Specs.NeverEnding(parallelism: 4);
        await Runtime.SubmitAsync(spec);
        await Runtime.WaitForStatusAsync(spec.JobId, JobStatus.Running);
        await Runtime.WaitForSlotsAsync(TotalSlots, usedSlots: 4);

        await Runtime.Job(spec.JobId).CancelAsync();
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.Equal(JobStatus.Canceled, details.Status);
        Assert.Equal(JobStatus.Canceled, details.Result!.FinalStatus);
        var running = await RunningSubtasksAsync(spec.JobId);
        Assert.Empty(running);
        await Runtime.WaitForSlotsAsync(TotalSlots, usedSlots: 0);
    }

    [Fact]
    public async Task CancelWhileWaitingForSlots_EndsCanceledAndLeavesTheQueue()
    {
        var blocker = Specs.NeverEnding(parallelism: TotalSlots);
        var waiting = Specs.SumRange(10, parallelism: 1);
        await Runtime.SubmitAsync(blocker);
        await Runtime.WaitForStatusAsync(blocker.JobId, JobStatus.Running);
        await Runtime.SubmitAsync(waiting);
        Assert.Contains(waiting.JobId, await Runtime.Leader.GetQueuedJobsAsync());

        await Runtime.Job(waiting.JobId).CancelAsync();
        await Runtime.Job(blocker.JobId).CancelAsync();

        Assert.Equal(JobStatus.Canceled, (await Runtime.Job(waiting.JobId).GetDetailsAsync()).Status);
        Assert.Empty(await Runtime.Leader.GetQueuedJobsAsync());
        await Runtime.WaitForSlotsAsync(TotalSlots, usedSlots: 0);
    }

    [Fact]
    public async Task MoreJobsThanSlots_TheRestWaitAndRunInSubmissionOrder()
    {
        // Each job takes four of the six slots, so they can only run one after the other.
        var specs = Enumerable.Range(0, 3).Select(_ => Specs.SumRange(400, parallelism: 4, delayMs: 1)).ToList();
        foreach (var spec in specs)
        {
            await Runtime.SubmitAsync(spec);
        }

        var queued = await Runtime.Leader.GetQueuedJobsAsync();
        var startOrder = new List<JobId>();
        await Eventually.ThatAsync(
            async () =>
            {
                foreach (var spec in specs.Where(s => !startOrder.Contains(s.JobId)))
                {
                    if ((await Runtime.Job(spec.JobId).GetDetailsAsync()).Status != JobStatus.Created)
                    {
                        startOrder.Add(spec.JobId);
                    }
                }

                return startOrder.Count == specs.Count;
            },
            "all three jobs to start");
        var results = await Task.WhenAll(specs.Select(s => Runtime.WaitForResultAsync(s.JobId)));

        Assert.Equal([specs[1].JobId, specs[2].JobId], queued);
        Assert.Equal(specs.Select(s => s.JobId), startOrder);
        Assert.All(results, r => Assert.Equal(Specs.ExpectedSum(400), r.Accumulators[SumRange.Sum]));
        await Runtime.WaitForSlotsAsync(TotalSlots, usedSlots: 0);
    }

    [Fact]
    public async Task ConstructorThatThrows_EndsTheJobFailedWithTheCause_WithoutRestarts()
    {
        var spec = new JobSpec { JobId = JobId.New(), EntryType = typeof(ThrowingConstructorJob).FullName!, Parallelism = 2 };

        await Runtime.SubmitAsync(spec);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Failed, result.FinalStatus);
        Assert.Contains("constructor", result.FailureCause);
        Assert.Contains(ThrowingConstructorJob.Message, result.FailureCause);
        Assert.Equal(1, (await Runtime.Job(spec.JobId).GetDetailsAsync()).Attempt);
    }

    private async Task<IReadOnlyList<RunningSubtask>> RunningSubtasksAsync(JobId jobId)
    {
        var infos = await Task.WhenAll(Runtime.Cluster.Silos.Select(s =>
            Runtime.Client.GetGrain<ITaskExecutorGrain>(s.SiloAddress.ToParsableString()).GetInfoAsync()));
        return [.. infos.SelectMany(i => i.Running).Where(r => r.JobId == jobId)];
    }
}
