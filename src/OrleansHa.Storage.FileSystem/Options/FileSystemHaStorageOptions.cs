using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// One directory for all of OrleansHa's HA data in embedded mode (high-availability.storageDir): the options
/// of <c>AddFileSystemHaStorage</c>, handed on to each store it registers.
/// </summary>
public sealed class FileSystemHaStorageOptions : FileSystemStorageOptions
{
    /// <summary>True (the default) deletes a JobResultStore entry when it is marked clean (job-result-store.delete-on-commit).</summary>
    public bool DeleteOnCommit { get; set; } = true;

    /// <summary>The most bytes the uploaded files of one job may have together; 64 MiB by default.</summary>
    public long MaxArtifactBytes { get; set; } = ArtifactUpload.DefaultMaxArtifactBytes;

    /// <summary>Gives <paramref name="target"/> this directory and its locking and flushing choices.</summary>
    internal void CopyLocationTo(FileSystemStorageOptions target)
    {
        target.RootDirectory = RootDirectory;
        target.LockTimeout = LockTimeout;
        target.FlushToDisk = FlushToDisk;
    }
}
