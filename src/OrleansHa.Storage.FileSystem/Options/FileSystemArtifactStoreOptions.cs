using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>Options of the artifact store on the file system.</summary>
public sealed class FileSystemArtifactStoreOptions : FileSystemStorageOptions
{
    /// <summary>The most bytes the files of one job may have together; 64 MiB by default.</summary>
    public long MaxArtifactBytes { get; set; } = ArtifactUpload.DefaultMaxArtifactBytes;
}
