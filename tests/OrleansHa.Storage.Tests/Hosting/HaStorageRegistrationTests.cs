using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Grains;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.FileSystem;
using OrleansHa.Storage.Layout;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Hosting;

/// <summary>The one-line registrations of all HA stores hand their location and choices to every store.</summary>
public sealed class HaStorageRegistrationTests : IDisposable
{
    private const string ClusterId = "one-line";
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task AddFileSystemHaStorage_EveryStoreWritesUnderTheOneDirectory_WithTheGivenChoices()
    {
        using var services = Services()
            .AddFileSystemHaStorage(o =>
            {
                o.RootDirectory = _directory.Path;
                o.DeleteOnCommit = false;
                o.MaxArtifactBytes = 10;
            })
            .BuildServiceProvider();
        var layout = new HaStorageLayout(ClusterId);
        var jobId = JobId.New();
        var result = new JobResult(jobId, JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.FromSeconds(1), null);

        var grainStorage = Assert.IsType<FileSystemGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa));
        Assert.Same(grainStorage, services.GetRequiredKeyedService<IGrainStateLister>(GrainStorageNames.OrleansHa));
        var resultStore = services.GetRequiredService<IJobResultStore>();
        await resultStore.CreateDirtyResultAsync(result, TestContext.Current.CancellationToken);
        await resultStore.MarkResultAsCleanAsync(jobId, TestContext.Current.CancellationToken);
        await services.GetRequiredService<IJobHistoryStore>().PutAsync(result, TestContext.Current.CancellationToken);
        await services.GetRequiredService<ICheckpointPayloadStore>().PutAsync(jobId, 1, 0, new byte[] { 1 }, TestContext.Current.CancellationToken);
        var tooLarge = await Assert.ThrowsAsync<ArtifactTooLargeException>(() => services.GetRequiredService<IArtifactStore>()
            .PutAsync(jobId, [new ArtifactFile("job.dll", new byte[11])], TestContext.Current.CancellationToken));

        // DeleteOnCommit false kept the clean entry; every store wrote under the one directory.
        Assert.True(File.Exists(Path.Combine(_directory.Path, layout.CleanJobResult(jobId))));
        Assert.True(File.Exists(Path.Combine(_directory.Path, layout.HistoryPrefix, jobId + ".json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_directory.Path, ClusterId, "checkpoints"), "*", SearchOption.AllDirectories));
        Assert.Contains("10", tooLarge.Message);
    }

    [Fact]
    public void AddAzureBlobHaStorage_EveryStoreGetsTheAccountContainerAndChoices()
    {
        using var services = Services()
            .AddAzureBlobHaStorage(o =>
            {
                o.ConnectionString = "UseDevelopmentStorage=true";
                o.ContainerName = "shared";
                o.DeleteOnCommit = false;
                o.MaxArtifactBytes = 10;
            })
            .BuildServiceProvider();

        var grainStorage = services.GetRequiredService<IOptionsMonitor<AzureBlobGrainStorageOptions>>().Get(GrainStorageNames.OrleansHa);
        var resultStore = services.GetRequiredService<IOptions<AzureBlobJobResultStoreOptions>>().Value;
        var artifacts = services.GetRequiredService<IOptions<AzureBlobArtifactStoreOptions>>().Value;
        AzureBlobStorageOptions[] all =
        [
            grainStorage, resultStore, artifacts,
            services.GetRequiredService<IOptions<AzureBlobCheckpointPayloadStoreOptions>>().Value,
            services.GetRequiredService<IOptions<AzureBlobJobHistoryStoreOptions>>().Value,
        ];

        Assert.All(all, o => Assert.Equal(("UseDevelopmentStorage=true", "shared"), (o.ConnectionString, o.ContainerName)));
        Assert.False(resultStore.DeleteOnCommit);
        Assert.Equal(10, artifacts.MaxArtifactBytes);
        Assert.IsType<AzureBlobGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa));
        Assert.IsType<AzureBlobJobResultStore>(services.GetRequiredService<IJobResultStore>());
        Assert.IsType<AzureBlobArtifactStore>(services.GetRequiredService<IArtifactStore>());
        Assert.IsType<AzureBlobCheckpointPayloadStore>(services.GetRequiredService<ICheckpointPayloadStore>());
        Assert.IsType<AzureBlobJobHistoryStore>(services.GetRequiredService<IJobHistoryStore>());
    }

    public void Dispose() => _directory.Dispose();

    private static IServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        services.Configure<ClusterOptions>(o => o.ClusterId = ClusterId);
        services.AddSingleton<IActivatorProvider>(NewInstanceActivatorProvider.Instance);
        services.AddSingleton(TestSerializers.Json);
        return services;
    }
}
