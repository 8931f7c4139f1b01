using Xunit;
using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Testing.Diagnostics;
using static OrleansHa.Storage.Diagnostics.StorageOperationTags;

namespace OrleansHa.Runtime.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class ExecutionTests(SharedClusterFixture fixture)
{
    private RuntimeCluster Runtime => fixture.Runtime;

    [Fact]
    public async Task SumRange_WithParallelismSix_FinishesWithExactSumAndSpreadsSubtasksOverTheSilos()
    {
        var spec = Specs.SumRange(n: 3_000, parallelism: 6, delayMs: 1, checkpointInterval: TimeSpan.FromMilliseconds(100));

        await Runtime.SubmitAsync(spec);
        var running = await Runtime.WaitForStatusAsync(spec.JobId, JobStatus.Running, JobStatus.Finished);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Null(result.FailureCause);
        Assert.Equal(Specs.ExpectedSum(3_000), result.Accumulators[SumRange.Sum]);
        Assert.Equal(3_000, result.Accumulators[SumRange.Elements]);
        Assert.Equal(6, running.Subtasks.Count);
        Assert.Equal(SharedClusterFixture.Silos, running.Subtasks.Select(s => s.Silo).Distinct().Count());
        await Runtime.WaitForSlotsAsync(SharedClusterFixture.Silos * SharedClusterFixture.SlotsPerSilo, usedSlots: 0);
    }

    [Fact]
    public async Task TrivialJob_FromSubmissionToClean_CostsTheseStorageOperations()
    {
        var spec = Specs.SumRange(10, parallelism: 1);
        using var counter = new StorageOperationRecorder(AzureBlobStorageInstruments.MeterName);

        await Runtime.SubmitAsync(spec);
        await Runtime.WaitForResultAsync(spec.JobId);
        await Eventually.ThatAsync(
            () => Task.FromResult(counter.CountAnyOutcome(Stores.JobResultStore, Operations.Delete) == 1), "the entry marked clean", counter.ToString);

        // Submission: is the id globally terminated? Its history record answers alone, since entries are deleted
        // on commit and a dirty one is only created after the history record. The job grain writes its state
        // once, create-only, without reading it first; RUNNING and FINISHED stay in memory, and no checkpoint
        // grain is activated. Terminal path: history record, dirty entry (create-only; no clean entry to look
        // for), the grain state deleted, the entry marked clean by deleting it. Six requests.
        var expected = new Dictionary<(string, string), long>
        {
            [(Stores.History, Operations.Read)] = 1,
            [(Stores.JobResultStore, Operations.Exists)] = 0,
            [(Stores.GrainStorage, Operations.Read)] = 0,
            [(Stores.GrainStorage, Operations.Write)] = 1,
            [(Stores.History, Operations.Write)] = 1,
            [(Stores.JobResultStore, Operations.Write)] = 1,
            [(Stores.GrainStorage, Operations.Delete)] = 1,
            [(Stores.JobResultStore, Operations.Delete)] = 1,
        };
        Assert.All(expected, e => Assert.True(counter.CountAnyOutcome(e.Key.Item1, e.Key.Item2) == e.Value, $"{e.Key}: {counter}"));
    }
}
