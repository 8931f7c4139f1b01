using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Grains;
using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary>
/// <c>services.AddFileSystemHaStorage(o => o.RootDirectory = ...)</c>: every store the OrleansHa runtime
/// needs, in one directory: grain storage named <see cref="GrainStorageNames.OrleansHa"/>, the
/// JobResultStore, the artifact, checkpoint payload and job history stores.
/// </summary>
public static class FileSystemHaStorageServiceCollectionExtensions
{
    public static IServiceCollection AddFileSystemHaStorage(
        this IServiceCollection services, Action<FileSystemHaStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);

        // Each store keeps its own options type, as when it is registered alone; they all start from these.
        FileSystemHaStorageOptions Configured()
        {
            var options = new FileSystemHaStorageOptions();
            configureOptions(options);
            return options;
        }

        services.AddFileSystemGrainStorage(GrainStorageNames.OrleansHa, (FileSystemGrainStorageOptions o) => Configured().CopyLocationTo(o));
        services.AddFileSystemJobResultStore(o =>
        {
            var configured = Configured();
            configured.CopyLocationTo(o);
            o.DeleteOnCommit = configured.DeleteOnCommit;
        });
        services.AddFileSystemArtifactStore(o =>
        {
            var configured = Configured();
            configured.CopyLocationTo(o);
            o.MaxArtifactBytes = configured.MaxArtifactBytes;
        });
        services.AddFileSystemCheckpointPayloadStore(o => Configured().CopyLocationTo(o));
        services.AddFileSystemJobHistoryStore(o => Configured().CopyLocationTo(o));
        return services;
    }
}
