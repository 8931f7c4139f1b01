using Microsoft.Extensions.Options;
using Orleans.Providers;
using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary><c>siloBuilder.AddFileSystemGrainStorage("name", o => o.RootDirectory = ...)</c>.</summary>
public static class FileSystemGrainStorageSiloBuilderExtensions
{
    public static ISiloBuilder AddFileSystemGrainStorageAsDefault(
        this ISiloBuilder builder, Action<FileSystemGrainStorageOptions> configureOptions) =>
        builder.AddFileSystemGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static ISiloBuilder AddFileSystemGrainStorage(
        this ISiloBuilder builder, string name, Action<FileSystemGrainStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddFileSystemGrainStorage(name, configureOptions));

    public static ISiloBuilder AddFileSystemGrainStorageAsDefault(
        this ISiloBuilder builder, Action<OptionsBuilder<FileSystemGrainStorageOptions>>? configureOptions = null) =>
        builder.AddFileSystemGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static ISiloBuilder AddFileSystemGrainStorage(
        this ISiloBuilder builder, string name, Action<OptionsBuilder<FileSystemGrainStorageOptions>>? configureOptions = null) =>
        builder.ConfigureServices(services => services.AddFileSystemGrainStorage(name, configureOptions));
}
