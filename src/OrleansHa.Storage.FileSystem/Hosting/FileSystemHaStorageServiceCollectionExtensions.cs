using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Grains;
using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary>All the HA storage of a cluster in one root directory, in one call.</summary>
public static class FileSystemHaStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers, in the cluster's folder of one root directory: the grain storage named
    /// <see cref="GrainStorageNames.OrleansHa"/> (with its <see cref="Storage.IGrainStateLister"/>), the JobResultStore,
    /// the artifact store, the checkpoint payload store and the job history store. The options are read once,
    /// here; each store keeps its own validator, which names the store when an option cannot work.
    /// </summary>
    public static IServiceCollection AddFileSystemHaStorage(
        this IServiceCollection services, Action<FileSystemHaStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var options = new FileSystemHaStorageOptions();
        configureOptions(options);
        return services
            .AddFileSystemGrainStorage(GrainStorageNames.OrleansHa, (FileSystemGrainStorageOptions o) => options.ApplyTo(o))
            .AddFileSystemJobResultStore(o => options.ApplyTo(o).DeleteOnCommit = options.DeleteOnCommit)
            .AddFileSystemArtifactStore(o => options.ApplyTo(o).MaxArtifactBytes = options.MaxArtifactBytes)
            .AddFileSystemCheckpointPayloadStore(o => options.ApplyTo(o))
            .AddFileSystemJobHistoryStore(o => options.ApplyTo(o));
    }
}
