using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary><c>siloBuilder.AddFileSystemHaStorage(o => o.RootDirectory = ...)</c>: all HA stores in one directory.</summary>
public static class FileSystemHaStorageSiloBuilderExtensions
{
    public static ISiloBuilder AddFileSystemHaStorage(this ISiloBuilder builder, Action<FileSystemHaStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddFileSystemHaStorage(configureOptions));
}
