using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Storage;
using OrleansHa.Storage.FileSystem;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

/// <summary>The duplicate-id check on the file-system stores: one read for a new job, and no id reused.</summary>
public sealed class JobResultRecorderTests : IDisposable
{
    private readonly string _root = RepositoryPaths.NewTemporaryDirectory("recorder");
    private readonly JobResult _result = new(new JobId("recorded"), JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.Zero, null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARecordedJob_IsGloballyTerminated_AndANewOneIsNot(bool deleteOnCommit)
    {
        var (recorder, _, _) = Build(deleteOnCommit);

        await recorder.RecordAsync(_result, TestContext.Current.CancellationToken);

        Assert.True(await recorder.IsGloballyTerminatedAsync(_result.JobId, TestContext.Current.CancellationToken));
        Assert.False(await recorder.IsGloballyTerminatedAsync(new JobId("new"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task KeepingCleanEntries_AJobWhoseHistoryExpired_StaysGloballyTerminated()
    {
        var (recorder, history, _) = Build(deleteOnCommit: false);
        await recorder.RecordAsync(_result, TestContext.Current.CancellationToken);
        await recorder.MarkCleanAsync(_result.JobId, TestContext.Current.CancellationToken);

        await history.DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddMinutes(1), TestContext.Current.CancellationToken);

        Assert.Null(await history.GetAsync(_result.JobId, TestContext.Current.CancellationToken));
        Assert.True(await recorder.IsGloballyTerminatedAsync(_result.JobId, TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (JobResultRecorder Recorder, IJobHistoryStore History, IJobResultStore Results) Build(bool deleteOnCommit)
    {
        var history = new FileSystemJobHistoryStore(
            new FileSystemJobHistoryStoreOptions { RootDirectory = _root }, "cluster", TimeProvider.System,
            NullLogger<FileSystemJobHistoryStore>.Instance);
        var results = new FileSystemJobResultStore(
            new FileSystemJobResultStoreOptions { RootDirectory = _root, DeleteOnCommit = deleteOnCommit }, "cluster",
            NullLogger<FileSystemJobResultStore>.Instance);
        var services = new ServiceCollection()
            .AddSingleton<IJobHistoryStore>(history)
            .AddSingleton<IJobResultStore>(results)
            .BuildServiceProvider();
        return (new JobResultRecorder(services), history, results);
    }
}
