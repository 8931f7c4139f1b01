using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Storage;
using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary>Registers <see cref="AzureBlobGrainStorage"/> as a named Orleans grain storage provider.</summary>
public static class AzureBlobGrainStorageServiceCollectionExtensions
{
    public static IServiceCollection AddAzureBlobGrainStorageAsDefault(
        this IServiceCollection services, Action<AzureBlobGrainStorageOptions> configureOptions) =>
        services.AddAzureBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static IServiceCollection AddAzureBlobGrainStorage(
        this IServiceCollection services, string name, Action<AzureBlobGrainStorageOptions> configureOptions) =>
        services.AddAzureBlobGrainStorage(name, builder => builder.Configure(configureOptions));

    public static IServiceCollection AddAzureBlobGrainStorageAsDefault(
        this IServiceCollection services, Action<OptionsBuilder<AzureBlobGrainStorageOptions>>? configureOptions = null) =>
        services.AddAzureBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>
    /// Adds the provider under <paramref name="name"/>: as a keyed <see cref="IGrainStorage"/> and
    /// <see cref="IGrainStateLister"/>, with a startup validator of its options and a silo lifecycle step that
    /// makes sure its container exists.
    /// </summary>
    public static IServiceCollection AddAzureBlobGrainStorage(
        this IServiceCollection services, string name,
        Action<OptionsBuilder<AzureBlobGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        configureOptions?.Invoke(services.AddOptions<AzureBlobGrainStorageOptions>(name));
        services.AddTransient<IPostConfigureOptions<AzureBlobGrainStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<AzureBlobGrainStorageOptions>>();
        services.AddTransient<IConfigurationValidator>(sp => new AzureBlobStorageOptionsValidator<AzureBlobGrainStorageOptions>(
            sp.GetRequiredService<IOptionsMonitor<AzureBlobGrainStorageOptions>>().Get(name), name));
        services.AddGrainStorage(name, Create);
        return services.AddGrainStateLister<AzureBlobGrainStorage>(name);
    }

    private static AzureBlobGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<AzureBlobGrainStorageOptions>>().Get(name);
        new AzureBlobStorageOptionsValidator<AzureBlobGrainStorageOptions>(options, name).ValidateConfiguration();
        return ActivatorUtilities.CreateInstance<AzureBlobGrainStorage>(
            services, name, options, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            services.GetRequiredService<IActivatorProvider>());
    }
}
