using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary><c>siloBuilder.AddAzureBlobHaStorage(o => o.ConnectionString = ...)</c>: all HA stores on one container.</summary>
public static class AzureBlobHaStorageSiloBuilderExtensions
{
    public static ISiloBuilder AddAzureBlobHaStorage(this ISiloBuilder builder, Action<AzureBlobHaStorageOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureBlobHaStorage(configureOptions));
}
