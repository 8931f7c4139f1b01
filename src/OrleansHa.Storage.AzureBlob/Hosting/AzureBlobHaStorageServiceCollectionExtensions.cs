using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Grains;
using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Hosting;

/// <summary>All the HA storage of a cluster on one Azure Blob account and container, in one call.</summary>
public static class AzureBlobHaStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers, in the cluster's prefix of one container: the grain storage named
    /// <see cref="GrainStorageNames.OrleansHa"/> (with its <see cref="Storage.IGrainStateLister"/>), the JobResultStore,
    /// the artifact store, the checkpoint payload store and the job history store. The options are read once,
    /// here; each store keeps its own validator, which names the store when an option cannot work.
    /// </summary>
    public static IServiceCollection AddAzureBlobHaStorage(
        this IServiceCollection services, Action<AzureBlobHaStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var options = new AzureBlobHaStorageOptions();
        configureOptions(options);
        return services
            .AddAzureBlobGrainStorage(GrainStorageNames.OrleansHa, (AzureBlobGrainStorageOptions o) => options.ApplyTo(o))
            .AddAzureBlobJobResultStore(o => options.ApplyTo(o).DeleteOnCommit = options.DeleteOnCommit)
            .AddAzureBlobArtifactStore(o => options.ApplyTo(o).MaxArtifactBytes = options.MaxArtifactBytes)
            .AddAzureBlobCheckpointPayloadStore(o => options.ApplyTo(o))
            .AddAzureBlobJobHistoryStore(o => options.ApplyTo(o));
    }
}
