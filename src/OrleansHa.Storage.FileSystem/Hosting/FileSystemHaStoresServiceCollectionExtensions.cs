using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Storage;
using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary>
/// Registers the HA stores in a directory (the embedded default): the JobResultStore, the artifact store,
/// the checkpoint payload store and the job history store, in the cluster's folder
/// (<see cref="ClusterOptions.ClusterId"/>).
/// </summary>
public static class FileSystemHaStoresServiceCollectionExtensions
{
    public static IServiceCollection AddFileSystemJobResultStore(
        this IServiceCollection services, Action<FileSystemJobResultStoreOptions> configureOptions) =>
        services.AddFileStore<IJobResultStore, FileSystemJobResultStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new FileSystemJobResultStore(
                options, clusterId, sp.GetRequiredService<ILogger<FileSystemJobResultStore>>()));

    public static IServiceCollection AddFileSystemArtifactStore(
        this IServiceCollection services, Action<FileSystemArtifactStoreOptions> configureOptions) =>
        services.AddFileStore<IArtifactStore, FileSystemArtifactStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new FileSystemArtifactStore(
                options, clusterId, sp.GetRequiredService<ILogger<FileSystemArtifactStore>>()));

    public static IServiceCollection AddFileSystemCheckpointPayloadStore(
        this IServiceCollection services, Action<FileSystemCheckpointPayloadStoreOptions> configureOptions) =>
        services.AddFileStore<ICheckpointPayloadStore, FileSystemCheckpointPayloadStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new FileSystemCheckpointPayloadStore(
                options, clusterId, sp.GetRequiredService<ILogger<FileSystemCheckpointPayloadStore>>()));

    public static IServiceCollection AddFileSystemJobHistoryStore(
        this IServiceCollection services, Action<FileSystemJobHistoryStoreOptions> configureOptions) =>
        services.AddFileStore<IJobHistoryStore, FileSystemJobHistoryStoreOptions>(
            configureOptions,
            (sp, options, clusterId) => new FileSystemJobHistoryStore(
                options, clusterId, sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILogger<FileSystemJobHistoryStore>>()));

    private static IServiceCollection AddFileStore<TService, TOptions>(
        this IServiceCollection services, Action<TOptions> configureOptions,
        Func<IServiceProvider, TOptions, string, TService> create)
        where TService : class
        where TOptions : FileSystemStorageOptions
    {
        var name = typeof(TService).Name;
        services.AddOptions<TOptions>().Configure(configureOptions);
        services.AddTransient<IConfigurationValidator>(
            sp => new FileSystemStorageOptionsValidator<TOptions>(sp.GetRequiredService<IOptions<TOptions>>().Value, name));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            new FileSystemStorageOptionsValidator<TOptions>(options, name).ValidateConfiguration();
            return create(sp, options, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
        });
        return services;
    }
}
