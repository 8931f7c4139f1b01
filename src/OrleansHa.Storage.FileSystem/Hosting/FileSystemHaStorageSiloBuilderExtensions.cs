using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary><c>siloBuilder.AddFileSystemHaStorage(o => o.RootDirectory = ...)</c>.</summary>
public static class FileSystemHaStorageSiloBuilderExtensions
{
    /// <inheritdoc cref="FileSystemHaStorageServiceCollectionExtensions.AddFileSystemHaStorage"/>
    public static ISiloBuilder AddFileSystemHaStorage(this ISiloBuilder builder, Action<FileSystemHaStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFileSystemHaStorage(configureOptions);
        return builder;
    }
}
