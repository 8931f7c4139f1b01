using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Hosting;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.FileSystem;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Hosting;

/// <summary>The hosting extensions register what a silo resolves, and a bad option stops the silo with its name.</summary>
public sealed class RegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void AddAzureBlobGrainStorage_RegistersANamedProviderAndItsLister()
    {
        using var services = Services()
            .AddAzureBlobGrainStorage("jobs", o => o.ConnectionString = "UseDevelopmentStorage=true")
            .BuildServiceProvider();

        var storage = services.GetRequiredKeyedService<IGrainStorage>("jobs");

        Assert.IsType<AzureBlobGrainStorage>(storage);
        Assert.Same(storage, services.GetRequiredKeyedService<IGrainStateLister>("jobs"));
        Assert.Same(TestSerializers.Json, services.GetRequiredService<IOptionsMonitor<AzureBlobGrainStorageOptions>>().Get("jobs").GrainStorageSerializer);
        Assert.Null(services.GetService<IGrainStorage>());
    }

    [Fact]
    public void AddFileSystemGrainStorageAsDefault_IsTheUnkeyedProviderAndLister()
    {
        using var services = Services()
            .AddFileSystemGrainStorageAsDefault(o => o.RootDirectory = _directory.Path)
            .BuildServiceProvider();

        var storage = Assert.IsType<FileSystemGrainStorage>(services.GetRequiredService<IGrainStorage>());
        Assert.Same(storage, services.GetRequiredService<IGrainStateLister>());
    }

    [Fact]
    public void HaStores_OnBothBackends_ResolveAsTheContracts()
    {
        using var blob = Services()
            .AddAzureBlobJobResultStore(o => o.ConnectionString = "UseDevelopmentStorage=true")
            .AddAzureBlobArtifactStore(o => o.ConnectionString = "UseDevelopmentStorage=true")
            .AddAzureBlobCheckpointPayloadStore(o => o.ConnectionString = "UseDevelopmentStorage=true")
            .AddAzureBlobJobHistoryStore(o => o.ConnectionString = "UseDevelopmentStorage=true")
            .BuildServiceProvider();
        using var files = Services()
            .AddFileSystemJobResultStore(o => o.RootDirectory = _directory.Path)
            .AddFileSystemArtifactStore(o => o.RootDirectory = _directory.Path)
            .AddFileSystemCheckpointPayloadStore(o => o.RootDirectory = _directory.Path)
            .AddFileSystemJobHistoryStore(o => o.RootDirectory = _directory.Path)
            .BuildServiceProvider();

        Assert.IsType<AzureBlobJobResultStore>(blob.GetRequiredService<IJobResultStore>());
        Assert.IsType<AzureBlobArtifactStore>(blob.GetRequiredService<IArtifactStore>());
        Assert.IsType<AzureBlobCheckpointPayloadStore>(blob.GetRequiredService<ICheckpointPayloadStore>());
        Assert.IsType<AzureBlobJobHistoryStore>(blob.GetRequiredService<IJobHistoryStore>());
        Assert.IsType<FileSystemJobResultStore>(files.GetRequiredService<IJobResultStore>());
        Assert.IsType<FileSystemArtifactStore>(files.GetRequiredService<IArtifactStore>());
        Assert.IsType<FileSystemCheckpointPayloadStore>(files.GetRequiredService<ICheckpointPayloadStore>());
        Assert.IsType<FileSystemJobHistoryStore>(files.GetRequiredService<IJobHistoryStore>());
    }

    [Theory]
    [InlineData(null, "ConnectionString")]
    [InlineData("Bad_Container", "ContainerName")]
    public void BlobOptions_ThatCannotWork_FailValidationNamingTheOption(string? container, string option)
    {
        using var services = Services()
            .AddAzureBlobGrainStorage("jobs", o =>
            {
                o.ConnectionString = container is null ? null : "UseDevelopmentStorage=true";
                o.ContainerName = container ?? "orleansha";
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OrleansConfigurationException>(ValidateAll(services));

        Assert.Contains(option, error.Message);
        Assert.Contains("'jobs'", error.Message);
    }

    [Fact]
    public void BlobOptions_WithServiceUriButNoCredential_FailValidationNamingTokenCredential()
    {
        var options = new AzureBlobJobResultStoreOptions { ServiceUri = new Uri("https://account.blob.core.windows.net") };

        var error = Assert.Throws<OrleansConfigurationException>(
            new AzureBlobStorageOptionsValidator<AzureBlobJobResultStoreOptions>(options, "results").ValidateConfiguration);

        Assert.Contains(nameof(AzureBlobStorageOptions.TokenCredential), error.Message);
    }

    [Fact]
    public void FileSystemOptions_ThatCannotWork_FailValidationNamingTheOption()
    {
        var error = Assert.Throws<OrleansConfigurationException>(
            new FileSystemStorageOptionsValidator<FileSystemArtifactStoreOptions>(
                new FileSystemArtifactStoreOptions { RootDirectory = _directory.Path, MaxArtifactBytes = 0 }, "artifacts")
                .ValidateConfiguration);
        var lockError = Assert.Throws<OrleansConfigurationException>(
            new FileSystemStorageOptionsValidator<FileSystemJobResultStoreOptions>(
                new FileSystemJobResultStoreOptions { RootDirectory = _directory.Path, LockTimeout = TimeSpan.Zero }, "results")
                .ValidateConfiguration);

        Assert.Contains(nameof(FileSystemArtifactStoreOptions.MaxArtifactBytes), error.Message);
        Assert.Contains(nameof(FileSystemStorageOptions.LockTimeout), lockError.Message);
    }

    public void Dispose() => _directory.Dispose();

    private static Action ValidateAll(IServiceProvider services) => () =>
    {
        foreach (var validator in services.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }
    };

    private static IServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        services.Configure<ClusterOptions>(o => o.ClusterId = "registration");
        services.AddSingleton<IActivatorProvider>(NewInstanceActivatorProvider.Instance);
        services.AddSingleton(TestSerializers.Json);
        return services;
    }
}
