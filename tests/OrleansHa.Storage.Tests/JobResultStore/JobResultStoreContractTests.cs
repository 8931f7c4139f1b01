using System.Text;
using OrleansHa.Jobs;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.JobResultStore;

/// <summary>Flink's JobResultStore contract (FLIP-194), on every backend.</summary>
public abstract class JobResultStoreContractTests : StoreContractTests
{
    private static readonly JobId Job = new("job-1");

    [Fact]
    public async Task CreateDirty_ThenTheJobHasADirtyEntryOnly()
    {
        var store = Store();

        await store.CreateDirtyResultAsync(Result(Job), Cancellation);

        Assert.True(await store.HasDirtyEntryAsync(Job, Cancellation));
        Assert.False(await store.HasCleanEntryAsync(Job, Cancellation));
        Assert.True(await store.HasEntryAsync(Job, Cancellation));
        Assert.NotNull(await Backend.ReadRawAsync(Layout.DirtyJobResult(Job)));
    }

    [Fact]
    public async Task CreateDirty_Twice_FailsAndKeepsTheFirstResult()
    {
        var store = Store();
        await store.CreateDirtyResultAsync(Result(Job, JobStatus.Finished), Cancellation);

        var error = await Assert.ThrowsAsync<JobResultEntryAlreadyExistsException>(
            () => Store().CreateDirtyResultAsync(Result(Job, JobStatus.Failed), Cancellation));

        Assert.False(error.IsClean);
        Assert.Equal(JobStatus.Finished, Assert.Single(await store.GetDirtyResultsAsync(Cancellation)).FinalStatus);
    }

    [Fact]
    public async Task CreateDirty_Racing_ExactlyOneWins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await Store().CreateDirtyResultAsync(Result(Job), Cancellation);
                return true;
            }
            catch (JobResultEntryAlreadyExistsException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
    }

    [Fact]
    public async Task CreateDirty_OfANonTerminalStatus_IsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Store().CreateDirtyResultAsync(Result(Job, JobStatus.Running), Cancellation));

        Assert.False(await Store().HasEntryAsync(Job, Cancellation));
    }

    [Fact]
    public async Task MarkClean_WithDeleteOnCommit_RemovesTheEntry()
    {
        var store = Store(deleteOnCommit: true);
        await store.CreateDirtyResultAsync(Result(Job), Cancellation);

        await store.MarkResultAsCleanAsync(Job, Cancellation);

        Assert.False(await store.HasEntryAsync(Job, Cancellation));
        Assert.Empty(await Backend.ListRawAsync(Layout.JobResultStorePrefix));
        await Assert.ThrowsAsync<NoSuchJobResultEntryException>(() => store.MarkResultAsCleanAsync(Job, Cancellation));
    }

    [Fact]
    public async Task MarkClean_WithoutDeleteOnCommit_KeepsACleanEntryThatBlocksANewResult()
    {
        var store = Store(deleteOnCommit: false);
        await store.CreateDirtyResultAsync(Result(Job), Cancellation);

        await store.MarkResultAsCleanAsync(Job, Cancellation);

        Assert.False(await store.HasDirtyEntryAsync(Job, Cancellation));
        Assert.True(await store.HasCleanEntryAsync(Job, Cancellation));
        Assert.True(await store.HasEntryAsync(Job, Cancellation));
        Assert.Empty(await store.GetDirtyResultsAsync(Cancellation));
        Assert.Equal([Layout.CleanJobResult(Job)], await Backend.ListRawAsync(Layout.JobResultStorePrefix));
        var error = await Assert.ThrowsAsync<JobResultEntryAlreadyExistsException>(
            () => store.CreateDirtyResultAsync(Result(Job), Cancellation));
        Assert.True(error.IsClean);
        Assert.False(await store.HasDirtyEntryAsync(Job, Cancellation));
    }

    [Fact]
    public async Task MarkClean_WithoutDeleteOnCommit_IsIdempotent()
    {
        var store = Store(deleteOnCommit: false);
        await store.CreateDirtyResultAsync(Result(Job), Cancellation);
        await store.MarkResultAsCleanAsync(Job, Cancellation);

        await store.MarkResultAsCleanAsync(Job, Cancellation);

        Assert.True(await store.HasCleanEntryAsync(Job, Cancellation));
    }

    [Fact]
    public async Task MarkClean_AfterACopyWhoseDeleteFailed_FinishesTheRename()
    {
        var store = Store(deleteOnCommit: false);
        await store.CreateDirtyResultAsync(Result(Job), Cancellation);
        await Backend.WriteRawAsync(Layout.CleanJobResult(Job), (await Backend.ReadRawAsync(Layout.DirtyJobResult(Job)))!);

        await store.MarkResultAsCleanAsync(Job, Cancellation);

        Assert.Equal([Layout.CleanJobResult(Job)], await Backend.ListRawAsync(Layout.JobResultStorePrefix));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MarkClean_WithoutAnyEntry_Fails(bool deleteOnCommit)
    {
        var error = await Assert.ThrowsAsync<NoSuchJobResultEntryException>(
            () => Store(deleteOnCommit).MarkResultAsCleanAsync(Job, Cancellation));

        Assert.Equal(Job, error.JobId);
    }

    [Fact]
    public async Task GetDirtyResults_ReturnsEveryDirtyResultAsWritten()
    {
        var store = Store(deleteOnCommit: false);
        var finished = Result(new JobId("finished"), JobStatus.Finished);
        var failed = Result(new JobId("failed"), JobStatus.Failed) with { FailureCause = "boom: ошибка" };
        await store.CreateDirtyResultAsync(finished, Cancellation);
        await store.CreateDirtyResultAsync(failed, Cancellation);
        await store.CreateDirtyResultAsync(Result(new JobId("cleaned")), Cancellation);
        await store.MarkResultAsCleanAsync(new JobId("cleaned"), Cancellation);

        var results = (await store.GetDirtyResultsAsync(Cancellation)).OrderBy(r => r.JobId.Value).ToList();

        Assert.Equal(2, results.Count);
        AssertSameResult(failed, results[0]);
        AssertSameResult(finished, results[1]);
    }

    [Fact]
    public async Task GetDirtyResults_SkipsACorruptEntry()
    {
        var store = Store();
        await store.CreateDirtyResultAsync(Result(Job), Cancellation);
        await Backend.WriteRawAsync(Layout.DirtyJobResult(new JobId("corrupt")), Encoding.UTF8.GetBytes("{\"version\":1,"));
        await Backend.WriteRawAsync(Layout.DirtyJobResult(new JobId("future")), Encoding.UTF8.GetBytes("{\"version\":2,\"result\":{}}"));

        var results = await store.GetDirtyResultsAsync(Cancellation);

        Assert.Equal(Job, Assert.Single(results).JobId);
        Assert.True(await store.HasDirtyEntryAsync(new JobId("corrupt"), Cancellation));
    }

    [Fact]
    public async Task GetDirtyJobIds_ListsEveryDirtyEntry_AndNoCleanOne()
    {
        var store = Store(deleteOnCommit: false);
        await store.CreateDirtyResultAsync(Result(new JobId("finished"), JobStatus.Finished), Cancellation);
        await store.CreateDirtyResultAsync(Result(new JobId("failed"), JobStatus.Failed), Cancellation);
        await store.CreateDirtyResultAsync(Result(new JobId("cleaned")), Cancellation);
        await store.MarkResultAsCleanAsync(new JobId("cleaned"), Cancellation);
        await Backend.WriteRawAsync(Layout.JobResultStorePrefix + "notes_DIRTY.txt", Encoding.UTF8.GetBytes("not an entry"));

        Assert.Equal(["failed", "finished"], await DirtyIdsAsync(store));
    }

    [Fact]
    public async Task GetDirtyJobIds_AfterMarkClean_NoLongerListsTheJobWhoseCleanEntryStays()
    {
        var store = Store(deleteOnCommit: false);
        await store.CreateDirtyResultAsync(Result(Job), Cancellation);
        await store.CreateDirtyResultAsync(Result(new JobId("other")), Cancellation);
        Assert.Equal([Job.Value, "other"], await DirtyIdsAsync(store));

        await store.MarkResultAsCleanAsync(Job, Cancellation);

        Assert.Equal(["other"], await DirtyIdsAsync(store));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetDirtyJobIds_ListsACorruptEntryToo_WhichCanBeMarkedClean(bool deleteOnCommit)
    {
        // The name says the job ended: the drain must clean its job, not skip it forever as the listing of
        // results does.
        var store = Store(deleteOnCommit);
        var corrupt = new JobId("corrupt");
        await store.CreateDirtyResultAsync(Result(Job), Cancellation);
        await Backend.WriteRawAsync(Layout.DirtyJobResult(corrupt), Encoding.UTF8.GetBytes("{\"version\":1,"));

        Assert.Equal(["corrupt", Job.Value], await DirtyIdsAsync(store));
        await store.MarkResultAsCleanAsync(corrupt, Cancellation);

        Assert.Equal([Job.Value], await DirtyIdsAsync(store));
        Assert.False(await store.HasDirtyEntryAsync(corrupt, Cancellation));
        Assert.Equal(!deleteOnCommit, await store.HasCleanEntryAsync(corrupt, Cancellation));
    }

    [Fact]
    public async Task GetDirtyJobIds_OfAnotherClusterId_AreNotListed()
    {
        var other = Backend.CreateJobResultStore($"other-{ClusterId}");
        await Store().CreateDirtyResultAsync(Result(Job), Cancellation);

        Assert.Empty(await DirtyIdsAsync(other));
        await other.CreateDirtyResultAsync(Result(new JobId("elsewhere")), Cancellation);
        Assert.Equal([Job.Value], await DirtyIdsAsync(Store()));
    }

    [Fact]
    public async Task TwoClusterIds_AreKeptApart()
    {
        var other = Backend.CreateJobResultStore($"other-{ClusterId}");
        await Store().CreateDirtyResultAsync(Result(Job), Cancellation);

        Assert.False(await other.HasEntryAsync(Job, Cancellation));
        Assert.Empty(await other.GetDirtyResultsAsync(Cancellation));
        await other.CreateDirtyResultAsync(Result(Job, JobStatus.Canceled), Cancellation);
        Assert.Equal(JobStatus.Finished, Assert.Single(await Store().GetDirtyResultsAsync(Cancellation)).FinalStatus);
    }

    protected IJobResultStore Store(bool deleteOnCommit = true) => Backend.CreateJobResultStore(ClusterId, deleteOnCommit);

    private static async Task<IReadOnlyList<string>> DirtyIdsAsync(IJobResultStore store) =>
        [.. (await store.GetDirtyJobIdsAsync(Cancellation)).Select(id => id.Value).Order()];

    private static JobResult Result(JobId jobId, JobStatus status = JobStatus.Finished) => new(
        jobId, status, new Dictionary<string, long> { ["records"] = 1_000_000_007, ["errors"] = 0 },
        TimeSpan.FromMilliseconds(12_345), status == JobStatus.Failed ? "failed" : null);

    private static void AssertSameResult(JobResult expected, JobResult actual)
    {
        Assert.Equal(expected.JobId, actual.JobId);
        Assert.Equal(expected.FinalStatus, actual.FinalStatus);
        Assert.Equal(expected.Accumulators.OrderBy(a => a.Key), actual.Accumulators.OrderBy(a => a.Key));
        Assert.Equal(expected.NetRuntime, actual.NetRuntime);
        Assert.Equal(expected.FailureCause, actual.FailureCause);
    }
}
