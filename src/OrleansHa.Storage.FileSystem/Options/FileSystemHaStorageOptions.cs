using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// Options of all the HA storage of a cluster in one root directory: the grain storage of the runtime's
/// grains, the JobResultStore, the artifact store, the checkpoint payload store and the job history store.
/// The directory, lock timeout and flushing are shared; the rest are the stores' own.
/// </summary>
public sealed class FileSystemHaStorageOptions : FileSystemStorageOptions
{
    /// <summary>The JobResultStore's <see cref="FileSystemJobResultStoreOptions.DeleteOnCommit"/>; true by default.</summary>
    public bool DeleteOnCommit { get; set; } = true;

    /// <summary>The artifact store's <see cref="FileSystemArtifactStoreOptions.MaxArtifactBytes"/>; 64 MiB by default.</summary>
    public long MaxArtifactBytes { get; set; } = ArtifactUpload.DefaultMaxArtifactBytes;

    /// <summary>Copies the directory, the lock timeout and the flushing choice to one store's options.</summary>
    internal TOptions ApplyTo<TOptions>(TOptions store)
        where TOptions : FileSystemStorageOptions
    {
        store.RootDirectory = RootDirectory;
        store.LockTimeout = LockTimeout;
        store.FlushToDisk = FlushToDisk;
        return store;
    }
}
