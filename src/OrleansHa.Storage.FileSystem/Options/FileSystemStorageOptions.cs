namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// Where an OrleansHa store keeps its files: a root directory that several silo processes on one machine
/// may share (high-availability.storageDir of the embedded mode), and how long a write waits for another
/// process's lock before it fails with <see cref="StorageUnavailableException"/>.
/// </summary>
public class FileSystemStorageOptions
{
    /// <summary>Relative to the process's working directory unless rooted.</summary>
    public const string DefaultRootDirectory = ".orleansha";

    public string RootDirectory { get; set; } = DefaultRootDirectory;

    /// <summary>How long a conditional write waits for the lock that other writers of the same file hold.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True (the default) flushes each file to the disk before it replaces the old one, so a power loss
    /// cannot leave an empty record behind; false trusts the operating system's cache (a process crash is
    /// still safe), for faster writes.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;
}
