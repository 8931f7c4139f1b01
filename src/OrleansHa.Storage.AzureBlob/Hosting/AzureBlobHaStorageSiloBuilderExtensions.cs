using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary><c>siloBuilder.AddAzureBlobHaStorage(o => o.ConnectionString = ...)</c>.</summary>
public static class AzureBlobHaStorageSiloBuilderExtensions
{
    /// <inheritdoc cref="AzureBlobHaStorageServiceCollectionExtensions.AddAzureBlobHaStorage"/>
    public static ISiloBuilder AddAzureBlobHaStorage(this ISiloBuilder builder, Action<AzureBlobHaStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureBlobHaStorage(configureOptions);
        return builder;
    }
}
