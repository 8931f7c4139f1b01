using Xunit;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Testing.Diagnostics;
using static OrleansHa.Storage.Diagnostics.StorageOperationTags;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>What one job costs in storage requests, on a cluster of its own with nothing else running beside it.</summary>
[Collection(nameof(StorageOperationCounting))]
public sealed class StorageOperationCostTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task TrivialJob_FromSubmissionToClean_CostsTheseStorageOperations()
    {
        // A leader lists the history after its recovery and reads the record for the submissions it takes
        // meanwhile; when this test runs first, the fixture's leader may still be listing: measure the next job.
        StorageOperationRecorder? counter = null;
        await Eventually.ThatAsync(
            async () =>
            {
                counter?.Dispose();
                counter = await CountOneJobAsync(fixture.Runtime);
                return counter.CountAnyOutcome(Stores.History, Operations.Read) == 0;
            },
            "a job whose submission the leader checked from memory",
            () => counter?.ToString() ?? "");
        using var counted = counter!;

        // Submission: is the id globally terminated? The leader knows the ids that may have a history record
        // (listed when it took over, and the jobs that ended since), and this fresh id is none of them. The job
        // grain writes its state once, create-only, without reading it first; RUNNING and FINISHED stay in
        // memory, and no checkpoint grain is activated. Terminal path: history record, dirty entry
        // (create-only; no clean entry to look for), the grain state deleted, the entry marked clean by
        // deleting it. Five requests.
        var expected = new Dictionary<(string, string), long>
        {
            [(Stores.History, Operations.Read)] = 0,
            [(Stores.JobResultStore, Operations.Exists)] = 0,
            [(Stores.GrainStorage, Operations.Read)] = 0,
            [(Stores.GrainStorage, Operations.Write)] = 1,
            [(Stores.History, Operations.Write)] = 1,
            [(Stores.JobResultStore, Operations.Write)] = 1,
            [(Stores.GrainStorage, Operations.Delete)] = 1,
            [(Stores.JobResultStore, Operations.Delete)] = 1,
        };
        Assert.All(expected, e => Assert.True(counted.CountAnyOutcome(e.Key.Item1, e.Key.Item2) == e.Value, $"{e.Key}: {counted}"));
    }

    private static async Task<StorageOperationRecorder> CountOneJobAsync(RuntimeCluster runtime)
    {
        var spec = Specs.SumRange(10, parallelism: 1);
        var counter = new StorageOperationRecorder(AzureBlobStorageInstruments.MeterName);
        await runtime.SubmitAsync(spec);
        await runtime.WaitForResultAsync(spec.JobId);
        await Eventually.ThatAsync(
            () => Task.FromResult(counter.CountAnyOutcome(Stores.JobResultStore, Operations.Delete) == 1), "the entry marked clean", counter.ToString);
        return counter;
    }
}
