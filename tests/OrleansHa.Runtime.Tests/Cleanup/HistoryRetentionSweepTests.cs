using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Options;
using OrleansHa.Storage;
using OrleansHa.Storage.FileSystem;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Runtime.Tests.Cleanup;

/// <summary>
/// The cleanup grain's retention sweep costs a bounded step per reminder tick, however large the history, and
/// still reaches every record: each tick goes on where the last one stopped.
/// </summary>
public sealed class HistoryRetentionSweepTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = RepositoryPaths.NewTemporaryDirectory("history-sweep");
    private readonly FakeTimeProvider _clock = new(Start);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    private readonly HistoryOptions _options = new() { Retention = TimeSpan.FromDays(7), SweepRecordsPerTick = 5 };

    [Fact]
    public async Task EachTick_ExaminesAtMostItsShare_AndGoesOnWhereTheLastTickStopped()
    {
        // Named so that the six recent records come first in listing order: a sweep that started over on
        // every tick would examine only them and never delete anything.
        await PutAsync(Store(Start), "old-1", "old-2", "old-3", "old-4", "old-5", "old-6");
        _clock.Advance(TimeSpan.FromDays(8));
        await PutAsync(Store(_clock.GetUtcNow()), "a-recent-1", "a-recent-2", "a-recent-3", "a-recent-4", "a-recent-5", "a-recent-6");
        var sweep = new HistoryRetentionSweep(Store(_clock.GetUtcNow()), _options, _clock);

        var ticks = new[] { await sweep.StepAsync(Cancellation), await sweep.StepAsync(Cancellation), await sweep.StepAsync(Cancellation) };

        Assert.Equal([(5, 0), (5, 4), (2, 2)], ticks.Select(t => (t!.Examined, t.Deleted)));
        Assert.NotNull(ticks[0]!.Continuation);
        Assert.NotNull(ticks[1]!.Continuation);
        Assert.Null(ticks[2]!.Continuation);
        Assert.Null(await Store(_clock.GetUtcNow()).GetAsync(new JobId("old-6"), Cancellation));
        Assert.NotNull(await Store(_clock.GetUtcNow()).GetAsync(new JobId("a-recent-6"), Cancellation));
    }

    [Fact]
    public async Task AfterReachingTheEnd_TheNextTickStartsAgainFromTheFirstRecord()
    {
        await PutAsync(Store(Start), "b-old");
        _clock.Advance(TimeSpan.FromDays(8));
        var sweep = new HistoryRetentionSweep(Store(_clock.GetUtcNow()), _options, _clock);
        Assert.Equal(1, (await sweep.StepAsync(Cancellation))!.Deleted);

        // Written (by a clock of its own) before the cutoff and before the end the last tick reached.
        await PutAsync(Store(Start), "a-old");
        var next = await sweep.StepAsync(Cancellation);

        Assert.Equal((1, 1, (string?)null), (next!.Examined, next.Deleted, next.Continuation));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FileSystemJobHistoryStore Store(DateTimeOffset now) => new(
        new FileSystemJobHistoryStoreOptions { RootDirectory = _root }, "cluster", new FakeTimeProvider(now),
        NullLogger<FileSystemJobHistoryStore>.Instance);

    private static async Task PutAsync(IJobHistoryStore store, params string[] jobIds)
    {
        foreach (var jobId in jobIds)
        {
            await store.PutAsync(
                new JobResult(new JobId(jobId), JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.Zero, null),
                Cancellation);
        }
    }
}
