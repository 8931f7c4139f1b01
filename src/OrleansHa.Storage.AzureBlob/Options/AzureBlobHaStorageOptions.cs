using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// Options of all the HA storage of a cluster on one Azure Blob account and container: the grain storage of
/// the runtime's grains, the JobResultStore, the artifact store, the checkpoint payload store and the job
/// history store. The account, container and client options are shared; the rest are the stores' own.
/// </summary>
public sealed class AzureBlobHaStorageOptions : AzureBlobStorageOptions
{
    /// <summary>The JobResultStore's <see cref="AzureBlobJobResultStoreOptions.DeleteOnCommit"/>; true by default.</summary>
    public bool DeleteOnCommit { get; set; } = true;

    /// <summary>The artifact store's <see cref="AzureBlobArtifactStoreOptions.MaxArtifactBytes"/>; 64 MiB by default.</summary>
    public long MaxArtifactBytes { get; set; } = ArtifactUpload.DefaultMaxArtifactBytes;

    /// <summary>Copies the account, the container and the client options to one store's options.</summary>
    internal TOptions ApplyTo<TOptions>(TOptions store)
        where TOptions : AzureBlobStorageOptions
    {
        store.ConnectionString = ConnectionString;
        store.ServiceUri = ServiceUri;
        store.TokenCredential = TokenCredential;
        store.ContainerName = ContainerName;
        store.ClientOptions = ClientOptions;
        return store;
    }
}
