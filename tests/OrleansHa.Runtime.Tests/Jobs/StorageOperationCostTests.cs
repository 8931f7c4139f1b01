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
        var runtime = fixture.Runtime;
        var spec = Specs.SumRange(10, parallelism: 1);
        using var counter = new StorageOperationRecorder(AzureBlobStorageInstruments.MeterName);

        await runtime.SubmitAsync(spec);
        await runtime.WaitForResultAsync(spec.JobId);
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
