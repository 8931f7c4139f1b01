using Azure.Core;
using OrleansHa.Jobs;
using OrleansHa.Storage.Tests.Infrastructure;
using OrleansHa.Testing.Azurite;
using Xunit;

namespace OrleansHa.Storage.Tests.Faults;

/// <summary>
/// An Azurite that dies or hangs in the middle of a test: operations fail with the transient error, within
/// the configured retry policy, and leave nothing half done; once it is back the same operations succeed.
/// Its own Azurite, since it is stopped; in the Azurite collection so no other blob test runs meanwhile.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobOutageTests : IAsyncLifetime
{
    private static readonly GrainId Grain = GrainId.Create("job", "outage");
    private static readonly JobId Job = new("outage-job");
    private static readonly TimeSpan AzuritePersistInterval = TimeSpan.FromSeconds(5.5);

    private AzuriteServer _azurite = null!;
    private AzuriteBackend _backend = null!;

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync(TestContext.Current.CancellationToken);
        _backend = new AzuriteBackend(_azurite, options =>
        {
            options.ClientOptions.Retry.MaxRetries = 1;
            options.ClientOptions.Retry.Mode = RetryMode.Fixed;
            options.ClientOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
            options.ClientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
        });
    }

    public async ValueTask DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task AzuriteStopped_OperationsFailAsUnavailableWithoutPartialState_AndSucceedOnceItIsBack()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var storage = _backend.CreateGrainStorage("outage");
        var results = _backend.CreateJobResultStore("outage");
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = 1 } };
        await storage.WriteStateAsync("state", Grain, state);
        var eTagBefore = state.ETag;

        // Azurite saves its blob index every 5 s and a kill loses what came after (Azure itself loses nothing
        // it acknowledged): let it save, so what the test checks after the restart is ours, not Azurite's.
        await Task.Delay(AzuritePersistInterval, cancellation);
        _azurite.Stop();

        state.State!.Value = 2;
        var write = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteStateAsync("state", Grain, state));
        Assert.Contains(_azurite.BlobEndpoint, write.Endpoint);
        Assert.Equal(eTagBefore, state.ETag);
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => storage.ReadStateAsync("state", Grain, new TestGrainState<CounterState>()));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => results.CreateDirtyResultAsync(Result(), cancellation));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => results.GetDirtyResultsAsync(cancellation));
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => _backend.CreateArtifactStore("outage", 1024).PutAsync(Job, [new ArtifactFile("a.dll", new byte[] { 1 })], cancellation));

        await _azurite.StartAgainAsync(cancellation);

        var read = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("state", Grain, read);
        Assert.Equal((1, eTagBefore), (read.State!.Value, read.ETag));
        Assert.False(await results.HasEntryAsync(Job, cancellation));
        await storage.WriteStateAsync("state", Grain, state);
        await results.CreateDirtyResultAsync(Result(), cancellation);
        await storage.ReadStateAsync("state", Grain, read);
        Assert.Equal(2, read.State!.Value);
        Assert.Equal(Job, Assert.Single(await results.GetDirtyResultsAsync(cancellation)).JobId);
    }

    [Fact]
    public async Task AzuriteHanging_OperationsFailAsUnavailableWithinTheNetworkTimeout()
    {
        var storage = _backend.CreateGrainStorage("hang");
        await storage.WriteStateAsync("state", Grain, new TestGrainState<CounterState> { State = new() });

        _azurite.Pause();
        try
        {
            var read = storage.ReadStateAsync("state", Grain, new TestGrainState<CounterState>());
            await Assert.ThrowsAsync<StorageUnavailableException>(() => read.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }
        finally
        {
            _azurite.Resume();
        }

        var state = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("state", Grain, state);
        Assert.True(state.RecordExists);
    }

    private static JobResult Result() => new(Job, JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.Zero, null);
}
