using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Storage;
using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Hosting;

/// <summary>Registers <see cref="FileSystemGrainStorage"/> as a named Orleans grain storage provider.</summary>
public static class FileSystemGrainStorageServiceCollectionExtensions
{
    public static IServiceCollection AddFileSystemGrainStorageAsDefault(
        this IServiceCollection services, Action<FileSystemGrainStorageOptions> configureOptions) =>
        services.AddFileSystemGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static IServiceCollection AddFileSystemGrainStorage(
        this IServiceCollection services, string name, Action<FileSystemGrainStorageOptions> configureOptions) =>
        services.AddFileSystemGrainStorage(name, builder => builder.Configure(configureOptions));

    public static IServiceCollection AddFileSystemGrainStorageAsDefault(
        this IServiceCollection services, Action<OptionsBuilder<FileSystemGrainStorageOptions>>? configureOptions = null) =>
        services.AddFileSystemGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>
    /// Adds the provider under <paramref name="name"/>: as a keyed <see cref="IGrainStorage"/> and
    /// <see cref="IGrainStateLister"/>, with a startup validator of its options.
    /// </summary>
    public static IServiceCollection AddFileSystemGrainStorage(
        this IServiceCollection services, string name,
        Action<OptionsBuilder<FileSystemGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        configureOptions?.Invoke(services.AddOptions<FileSystemGrainStorageOptions>(name));
        services.AddTransient<IPostConfigureOptions<FileSystemGrainStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<FileSystemGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(sp => new FileSystemStorageOptionsValidator<FileSystemGrainStorageOptions>(
            sp.GetRequiredService<IOptionsMonitor<FileSystemGrainStorageOptions>>().Get(name), name));
        services.AddGrainStorage(name, Create);
        return services.AddGrainStateLister<FileSystemGrainStorage>(name);
    }

    private static FileSystemGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<FileSystemGrainStorageOptions>>().Get(name);
        new FileSystemStorageOptionsValidator<FileSystemGrainStorageOptions>(options, name).ValidateConfiguration();
        return ActivatorUtilities.CreateInstance<FileSystemGrainStorage>(
            services, name, options, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            services.GetRequiredService<IActivatorProvider>());
    }
}
