using Microsoft.Extensions.Options;
using Orleans.Providers;
using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary><c>siloBuilder.AddAzureBlobGrainStorage("name", o => o.ConnectionString = ...)</c>.</summary>
public static class AzureBlobGrainStorageSiloBuilderExtensions
{
    public static ISiloBuilder AddAzureBlobGrainStorageAsDefault(
        this ISiloBuilder builder, Action<AzureBlobGrainStorageOptions> configureOptions) =>
        builder.AddAzureBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static ISiloBuilder AddAzureBlobGrainStorage(
        this ISiloBuilder builder, string name, Action<AzureBlobGrainStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureBlobGrainStorage(name, configureOptions));

    public static ISiloBuilder AddAzureBlobGrainStorageAsDefault(
        this ISiloBuilder builder, Action<OptionsBuilder<AzureBlobGrainStorageOptions>>? configureOptions = null) =>
        builder.AddAzureBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    public static ISiloBuilder AddAzureBlobGrainStorage(
        this ISiloBuilder builder, string name, Action<OptionsBuilder<AzureBlobGrainStorageOptions>>? configureOptions = null) =>
        builder.ConfigureServices(services => services.AddAzureBlobGrainStorage(name, configureOptions));
}
