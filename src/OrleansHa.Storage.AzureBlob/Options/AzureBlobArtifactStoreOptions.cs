using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>Options of the artifact store on Azure Blob.</summary>
public sealed class AzureBlobArtifactStoreOptions : AzureBlobStorageOptions
{
    /// <summary>The most bytes the files of one job may have together; 64 MiB by default.</summary>
    public long MaxArtifactBytes { get; set; } = ArtifactUpload.DefaultMaxArtifactBytes;
}
