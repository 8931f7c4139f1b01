using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Grains;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Storage.Layout;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Hosting;

/// <summary>
/// One call registers every HA store of a cluster on one backend: each resolves, writes where the layout
/// says, and takes the options given once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HaStorageRegistrationTests(AzuriteFixture azurite) : IDisposable
{
    private const long MaxArtifactBytes = 1000;

    private readonly TemporaryDirectory _directory = new();
    private readonly string _clusterId = $"ha-{Guid.NewGuid():N}";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddAzureBlobHaStorage_EveryStoreWritesUnderTheClusterPrefixOfOneContainer()
    {
        await using var services = Services()
            .AddAzureBlobHaStorage(o =>
            {
                o.ConnectionString = azurite.Server.ConnectionString;
                o.DeleteOnCommit = false;
                o.MaxArtifactBytes = MaxArtifactBytes;
            })
            .BuildServiceProvider();

        await AssertEveryStoreWritesWhereTheLayoutSaysAsync(
            services, new AzuriteBackend(azurite.Server));
    }

    [Fact]
    public async Task AddFileSystemHaStorage_EveryStoreWritesUnderTheClusterFolderOfOneDirectory()
    {
        await using var services = Services()
            .AddFileSystemHaStorage(o =>
            {
                o.RootDirectory = _directory.Path;
                o.FlushToDisk = false;
                o.DeleteOnCommit = false;
                o.MaxArtifactBytes = MaxArtifactBytes;
            })
            .BuildServiceProvider();

        await AssertEveryStoreWritesWhereTheLayoutSaysAsync(services, new FileSystemBackend(_directory.Path));
    }

    public void Dispose() => _directory.Dispose();

    private async Task AssertEveryStoreWritesWhereTheLayoutSaysAsync(IServiceProvider services, IStorageBackend backend)
    {
        var layout = new HaStorageLayout(_clusterId);
        var jobId = JobId.New();
        var grainId = GrainId.Create("job", jobId.Value);
        var result = new JobResult(jobId, JobStatus.Finished, new Dictionary<string, long> { ["n"] = 1 }, TimeSpan.FromSeconds(1), null);
        var grainStorage = services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa);
        var artifacts = services.GetRequiredService<IArtifactStore>();
        var jobResults = services.GetRequiredService<IJobResultStore>();

        Assert.Same(grainStorage, services.GetRequiredKeyedService<IGrainStateLister>(GrainStorageNames.OrleansHa));
        await grainStorage.WriteStateAsync("job", grainId, new TestGrainState<CounterState> { State = new CounterState { Value = 1 } });
        await artifacts.PutAsync(jobId, [new ArtifactFile("Job.dll", new byte[MaxArtifactBytes])], Cancel);
        await services.GetRequiredService<ICheckpointPayloadStore>().PutAsync(jobId, 7, 2, new byte[] { 1, 2, 3 }, Cancel);
        await services.GetRequiredService<IJobHistoryStore>().PutAsync(result, Cancel);
        await jobResults.CreateDirtyResultAsync(result, Cancel);
        await jobResults.MarkResultAsCleanAsync(jobId, Cancel);

        var stored = await backend.ListRawAsync(layout.ClusterPrefix);
        Assert.Contains(layout.GrainState(grainId, "job"), stored);
        Assert.Contains(layout.Artifact(jobId, "Job.dll"), stored);
        Assert.Contains(layout.CheckpointPayload(jobId, 7, 2), stored);
        Assert.Contains(layout.History(jobId), stored);

        // The options given once reach the stores: a kept clean entry (DeleteOnCommit false) and the size limit.
        Assert.Contains(layout.CleanJobResult(jobId), stored);
        Assert.DoesNotContain(layout.DirtyJobResult(jobId), stored);
        await Assert.ThrowsAsync<ArtifactTooLargeException>(
            () => artifacts.PutAsync(JobId.New(), [new ArtifactFile("Job.dll", new byte[MaxArtifactBytes + 1])], Cancel));
    }

    private ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        services.Configure<ClusterOptions>(o => o.ClusterId = _clusterId);
        services.AddSingleton<IActivatorProvider>(NewInstanceActivatorProvider.Instance);
        services.AddSingleton(TestSerializers.Json);
        return services;
    }
}
