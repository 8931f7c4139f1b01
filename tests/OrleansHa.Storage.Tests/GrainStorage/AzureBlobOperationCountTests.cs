using Orleans.Storage;
using OrleansHa.Jobs;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Tests.Infrastructure;
using OrleansHa.Testing.Diagnostics;
using Xunit;
using Ops = OrleansHa.Storage.Diagnostics.StorageOperationTags.Operations;
using Stores = OrleansHa.Storage.Diagnostics.StorageOperationTags.Stores;

namespace OrleansHa.Storage.Tests.GrainStorage;

/// <summary>
/// The storage operations each call costs on Azure Blob, counted by the package's meter: the cluster's
/// throughput targets are budgets of these.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobOperationCountTests(AzuriteFixture azurite) : IDisposable
{
    private readonly AzuriteBackend _backend = new(azurite.Server);
    private readonly string _clusterId = $"count-{Guid.NewGuid():N}";
    private readonly StorageOperationRecorder _recorder = new(AzureBlobStorageInstruments.MeterName);

    [Fact]
    public async Task GrainStorage_ReadWriteAndClear_CostOneRequestEach()
    {
        var storage = _backend.CreateGrainStorage(_clusterId);
        var grain = GrainId.Create("job", "counted");
        var state = new TestGrainState<CounterState> { State = new() };
        await storage.WriteStateAsync("state", grain, state);
        _recorder.Reset();

        await storage.ReadStateAsync("state", grain, state);
        await storage.WriteStateAsync("state", grain, state);
        await storage.ClearStateAsync("state", grain, state);

        Assert.Equal(1, _recorder[Stores.GrainStorage, Ops.Read]);
        Assert.Equal(1, _recorder[Stores.GrainStorage, Ops.Write]);
        Assert.Equal(1, _recorder[Stores.GrainStorage, Ops.Delete]);
        Assert.Equal(3, _recorder.Total);
    }

    [Fact]
    public async Task GrainStorage_LostWrite_IsCountedAsAConflict()
    {
        var storage = _backend.CreateGrainStorage(_clusterId);
        var grain = GrainId.Create("job", "conflicted");
        await storage.WriteStateAsync("state", grain, new TestGrainState<CounterState> { State = new() });
        _recorder.Reset();

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("state", grain, new TestGrainState<CounterState> { State = new() }));

        Assert.Equal(1, _recorder[Stores.GrainStorage, Ops.Write, StorageOperationTags.Outcomes.Conflict]);
    }

    [Fact]
    public async Task JobResultStore_DeletingOnCommit_CreateAndMarkClean_CostTwoRequests()
    {
        var store = _backend.CreateJobResultStore(_clusterId, deleteOnCommit: true);
        await store.CreateDirtyResultAsync(new JobResult(new JobId("warm"), JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.Zero, null), TestContext.Current.CancellationToken);
        _recorder.Reset();
        var job = new JobId("counted");

        await store.CreateDirtyResultAsync(new JobResult(job, JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.Zero, null), TestContext.Current.CancellationToken);
        await store.MarkResultAsCleanAsync(job, TestContext.Current.CancellationToken);

        // No clean entry can exist when marking clean deletes the entry, so the create looks for none.
        Assert.Equal(1, _recorder[Stores.JobResultStore, Ops.Write]);
        Assert.Equal(1, _recorder[Stores.JobResultStore, Ops.Delete]);
        Assert.Equal(2, _recorder.Total);
    }

    [Fact]
    public async Task JobResultStore_ListingDirtyIds_CostsWhatListingAnEmptyStoreCosts()
    {
        var store = _backend.CreateJobResultStore(_clusterId, deleteOnCommit: true);
        var jobs = Enumerable.Range(0, 5).Select(i => new JobId($"dirty-{i}")).ToList();
        foreach (var job in jobs)
        {
            await store.CreateDirtyResultAsync(new JobResult(job, JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.Zero, null), TestContext.Current.CancellationToken);
        }

        _recorder.Reset();
        Assert.Empty(await _backend.CreateJobResultStore($"{_clusterId}-empty").GetDirtyJobIdsAsync(TestContext.Current.CancellationToken));
        var emptyListing = _recorder.Total;
        _recorder.Reset();

        var ids = await store.GetDirtyJobIdsAsync(TestContext.Current.CancellationToken);

        // Reading each entry would be one request per dirty entry on every drain and every leader's recovery.
        Assert.Equal(jobs, ids.OrderBy(id => id.Value));
        Assert.Equal(0, _recorder.CountAnyOutcome(Stores.JobResultStore, Ops.Read));
        Assert.Equal(emptyListing, _recorder[Stores.JobResultStore, Ops.List]);
        Assert.Equal(emptyListing, _recorder.Total);
    }

    public void Dispose() => _recorder.Dispose();
}
