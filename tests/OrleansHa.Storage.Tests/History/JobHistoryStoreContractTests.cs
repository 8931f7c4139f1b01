using OrleansHa.Jobs;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.History;

/// <summary>What every job history store guarantees.</summary>
public abstract class JobHistoryStoreContractTests : StoreContractTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task PutThenGet_ReturnsTheResult()
    {
        var result = Result("done", JobStatus.Canceled);

        await Store().PutAsync(result, Cancellation);
        var read = await Store().GetAsync(result.JobId, Cancellation);

        Assert.NotNull(read);
        Assert.Equal(JobStatus.Canceled, read.FinalStatus);
        Assert.Equal(42, read.Accumulators["records"]);
    }

    [Fact]
    public async Task Put_Again_ReplacesTheRecord()
    {
        await Store().PutAsync(Result("done", JobStatus.Failed), Cancellation);
        await Store().PutAsync(Result("done", JobStatus.Finished), Cancellation);

        Assert.Equal(JobStatus.Finished, (await Store().GetAsync(new JobId("done"), Cancellation))!.FinalStatus);
    }

    [Fact]
    public async Task Get_OfAJobWithoutRecord_ReturnsNull()
    {
        Assert.Null(await Store().GetAsync(new JobId("never"), Cancellation));
    }

    [Fact]
    public async Task DeleteOlderThan_DeletesOnlyRecordsWrittenBeforeTheCutoff()
    {
        var store = Store();
        await store.PutAsync(Result("old-1"), Cancellation);
        await store.PutAsync(Result("old-2"), Cancellation);
        _clock.Advance(TimeSpan.FromDays(8));
        var cutoff = _clock.GetUtcNow() - TimeSpan.FromDays(7);
        await store.PutAsync(Result("recent"), Cancellation);

        var deleted = await store.DeleteOlderThanAsync(cutoff, Cancellation);

        Assert.Equal(2, deleted);
        Assert.Null(await store.GetAsync(new JobId("old-1"), Cancellation));
        Assert.Null(await store.GetAsync(new JobId("old-2"), Cancellation));
        Assert.NotNull(await store.GetAsync(new JobId("recent"), Cancellation));
        Assert.Equal(0, await store.DeleteOlderThanAsync(cutoff, Cancellation));
    }

    [Fact]
    public async Task Sweep_InSmallSteps_ExaminesEveryRecordOnceAndDeletesOnlyTheOld()
    {
        var store = Store();
        var old = Enumerable.Range(1, 7).Select(i => $"old-{i}").ToList();
        var recent = new[] { "recent-a", "recent-b", "recent-c" };
        foreach (var jobId in old)
        {
            await store.PutAsync(Result(jobId), Cancellation);
        }

        _clock.Advance(TimeSpan.FromDays(8));
        foreach (var jobId in recent)
        {
            await store.PutAsync(Result(jobId), Cancellation);
        }

        var cutoff = _clock.GetUtcNow() - TimeSpan.FromDays(7);
        var steps = new List<HistorySweepStep>();
        string? continuation = null;
        do
        {
            var step = await store.SweepAsync(cutoff, continuation, maxRecords: 3, Cancellation);
            steps.Add(step);
            continuation = step.Continuation;
        }
        while (continuation is not null && steps.Count < 20);

        Assert.Null(continuation);
        Assert.All(steps, step => Assert.InRange(step.Examined, 0, 3));
        Assert.Equal(old.Count + recent.Length, steps.Sum(step => step.Examined));
        Assert.Equal(old.Count, steps.Sum(step => step.Deleted));
        foreach (var jobId in old)
        {
            Assert.Null(await store.GetAsync(new JobId(jobId), Cancellation));
        }

        foreach (var jobId in recent)
        {
            Assert.NotNull(await store.GetAsync(new JobId(jobId), Cancellation));
        }
    }

    [Fact]
    public async Task ListJobIds_NamesEveryRecordedJobOnce_AndNoneOfAnotherCluster()
    {
        var store = Store();
        foreach (var jobId in new[] { "job-a", "job-b", "job-c", "job-a" })
        {
            await store.PutAsync(Result(jobId), Cancellation);
        }

        await Backend.CreateJobHistoryStore(ClusterId + "-other", _clock).PutAsync(Result("elsewhere"), Cancellation);

        var listed = new List<string>();
        await foreach (var jobId in store.ListJobIdsAsync(Cancellation))
        {
            listed.Add(jobId.Value);
        }

        Assert.Equal(["job-a", "job-b", "job-c"], listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListJobIds_OfAnEmptyHistory_NamesNone()
    {
        await foreach (var jobId in Store().ListJobIdsAsync(Cancellation))
        {
            Assert.Fail($"listed {jobId}, but nothing was recorded");
        }
    }

    [Fact]
    public async Task Sweep_OfAnEmptyHistory_ExaminesNothingAndReachesTheEnd()
    {
        var step = await Store().SweepAsync(_clock.GetUtcNow(), continuation: null, maxRecords: 10, Cancellation);

        Assert.Equal(new HistorySweepStep(0, 0, null), step);
    }

    protected IJobHistoryStore Store() => Backend.CreateJobHistoryStore(ClusterId, _clock);

    private static JobResult Result(string jobId, JobStatus status = JobStatus.Finished) =>
        new(new JobId(jobId), status, new Dictionary<string, long> { ["records"] = 42 }, TimeSpan.FromSeconds(3), null);
}
