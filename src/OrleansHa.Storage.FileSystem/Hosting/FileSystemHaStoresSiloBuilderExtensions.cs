using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary>The HA stores in a directory, from the silo builder.</summary>
public static class FileSystemHaStoresSiloBuilderExtensions
{
    public static ISiloBuilder AddFileSystemJobResultStore(
        this ISiloBuilder builder, Action<FileSystemJobResultStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddFileSystemJobResultStore(configureOptions));

    public static ISiloBuilder AddFileSystemArtifactStore(
        this ISiloBuilder builder, Action<FileSystemArtifactStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddFileSystemArtifactStore(configureOptions));

    public static ISiloBuilder AddFileSystemCheckpointPayloadStore(
        this ISiloBuilder builder, Action<FileSystemCheckpointPayloadStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddFileSystemCheckpointPayloadStore(configureOptions));

    public static ISiloBuilder AddFileSystemJobHistoryStore(
        this ISiloBuilder builder, Action<FileSystemJobHistoryStoreOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddFileSystemJobHistoryStore(configureOptions));
}
