using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Grains;
using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary>
/// <c>services.AddAzureBlobHaStorage(o => o.ConnectionString = ...)</c>: every store the OrleansHa runtime
/// needs, on one account and container: grain storage named <see cref="GrainStorageNames.OrleansHa"/>, the
/// JobResultStore, the artifact, checkpoint payload and job history stores.
/// </summary>
public static class AzureBlobHaStorageServiceCollectionExtensions
{
    public static IServiceCollection AddAzureBlobHaStorage(
        this IServiceCollection services, Action<AzureBlobHaStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);

        // Each store keeps its own options type, as when it is registered alone; they all start from these.
        AzureBlobHaStorageOptions Configured()
        {
            var options = new AzureBlobHaStorageOptions();
            configureOptions(options);
            return options;
        }

        services.AddAzureBlobGrainStorage(GrainStorageNames.OrleansHa, (AzureBlobGrainStorageOptions o) => Configured().CopyLocationTo(o));
        services.AddAzureBlobJobResultStore(o =>
        {
            var configured = Configured();
            configured.CopyLocationTo(o);
            o.DeleteOnCommit = configured.DeleteOnCommit;
        });
        services.AddAzureBlobArtifactStore(o =>
        {
            var configured = Configured();
            configured.CopyLocationTo(o);
            o.MaxArtifactBytes = configured.MaxArtifactBytes;
        });
        services.AddAzureBlobCheckpointPayloadStore(o => Configured().CopyLocationTo(o));
        services.AddAzureBlobJobHistoryStore(o => Configured().CopyLocationTo(o));
        return services;
    }
}
