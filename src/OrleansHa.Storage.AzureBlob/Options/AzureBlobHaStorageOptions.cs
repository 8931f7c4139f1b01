using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// One account and container for all of OrleansHa's HA data (high-availability.storageDir): the options of
/// <c>AddAzureBlobHaStorage</c>, handed on to each store it registers.
/// </summary>
public sealed class AzureBlobHaStorageOptions : AzureBlobStorageOptions
{
    /// <summary>True (the default) deletes a JobResultStore entry when it is marked clean (job-result-store.delete-on-commit).</summary>
    public bool DeleteOnCommit { get; set; } = true;

    /// <summary>The most bytes the uploaded files of one job may have together; 64 MiB by default.</summary>
    public long MaxArtifactBytes { get; set; } = ArtifactUpload.DefaultMaxArtifactBytes;

    /// <summary>Gives <paramref name="target"/> this account, container and client options.</summary>
    internal void CopyLocationTo(AzureBlobStorageOptions target)
    {
        target.ConnectionString = ConnectionString;
        target.ServiceUri = ServiceUri;
        target.TokenCredential = TokenCredential;
        target.ContainerName = ContainerName;
        target.ClientOptions = ClientOptions;
    }
}
