using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Storage;
using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary>
/// Registers the HA stores on Azure Blob: the JobResultStore, the artifact store, the checkpoint payload
/// store and the job history store, each one per host, in the cluster's prefix (<see cref="ClusterOptions.ClusterId"/>).
/// </summary>
public static class AzureBlobHaStoresServiceCollectionExtensions
{
    public static IServiceCollection AddAzureBlobJobResultStore(
        this IServiceCollection services, Action<AzureBlobJobResultStoreOptions> configureOptions) =>
        services.AddBlobStore<IJobResultStore, AzureBlobJobResultStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new AzureBlobJobResultStore(
                options, clusterId, sp.GetRequiredService<ILogger<AzureBlobJobResultStore>>()));

    public static IServiceCollection AddAzureBlobArtifactStore(
        this IServiceCollection services, Action<AzureBlobArtifactStoreOptions> configureOptions) =>
        services.AddBlobStore<IArtifactStore, AzureBlobArtifactStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new AzureBlobArtifactStore(
                options, clusterId, sp.GetRequiredService<ILogger<AzureBlobArtifactStore>>()));

    public static IServiceCollection AddAzureBlobCheckpointPayloadStore(
        this IServiceCollection services, Action<AzureBlobCheckpointPayloadStoreOptions> configureOptions) =>
        services.AddBlobStore<ICheckpointPayloadStore, AzureBlobCheckpointPayloadStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new AzureBlobCheckpointPayloadStore(
                options, clusterId, sp.GetRequiredService<ILogger<AzureBlobCheckpointPayloadStore>>()));

    public static IServiceCollection AddAzureBlobJobHistoryStore(
        this IServiceCollection services, Action<AzureBlobJobHistoryStoreOptions> configureOptions) =>
        services.AddBlobStore<IJobHistoryStore, AzureBlobJobHistoryStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new AzureBlobJobHistoryStore(
                options, clusterId, sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILogger<AzureBlobJobHistoryStore>>()));

    private static IServiceCollection AddBlobStore<TService, TOptions>(
        this IServiceCollection services, Action<TOptions> configureOptions,
        Func<IServiceProvider, TOptions, string, TService> create)
        where TService : class
        where TOptions : AzureBlobStorageOptions
    {
        var name = typeof(TService).Name;
        services.AddOptions<TOptions>().Configure(configureOptions);
        services.AddTransient<IConfigurationValidator>(
            sp => new AzureBlobStorageOptionsValidator<TOptions>(sp.GetRequiredService<IOptions<TOptions>>().Value, name));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            new AzureBlobStorageOptionsValidator<TOptions>(options, name).ValidateConfiguration();
            return create(sp, options, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
        });
        return services;
    }
}
