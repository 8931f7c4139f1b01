using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary>The HA stores on Azure Blob, from the silo builder.</summary>
public static class AzureBlobHaStoresSiloBuilderExtensions
{
    public static ISiloBuilder AddAzureBlobJobResultStore(
        this ISiloBuilder builder, Action<AzureBlobJobResultStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureBlobJobResultStore(configureOptions));

    public static ISiloBuilder AddAzureBlobArtifactStore(
        this ISiloBuilder builder, Action<AzureBlobArtifactStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureBlobArtifactStore(configureOptions));

    public static ISiloBuilder AddAzureBlobCheckpointPayloadStore(
        this ISiloBuilder builder, Action<AzureBlobCheckpointPayloadStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureBlobCheckpointPayloadStore(configureOptions));

    public static ISiloBuilder AddAzureBlobJobHistoryStore(
        this ISiloBuilder builder, Action<AzureBlobJobHistoryStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureBlobJobHistoryStore(configureOptions));
}
