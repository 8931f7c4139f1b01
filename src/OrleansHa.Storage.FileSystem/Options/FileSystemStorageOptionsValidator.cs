namespace OrleansHa.Storage.FileSystem;

/// <summary>Fails at startup, naming the option and the provider, when a file-system store cannot work as configured.</summary>
public sealed class FileSystemStorageOptionsValidator<TOptions>(TOptions options, string name) : IConfigurationValidator
    where TOptions : FileSystemStorageOptions
{
    public void ValidateConfiguration()
    {
        var prefix = $"{typeof(TOptions).Name} of '{name}'";
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(FileSystemStorageOptions.RootDirectory)} is empty; give the directory the " +
                "cluster keeps its state in, e.g. '/var/lib/orleansha'.");
        }

        try
        {
            Path.GetFullPath(options.RootDirectory);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(FileSystemStorageOptions.RootDirectory)} '{options.RootDirectory}' is not a " +
                $"valid path ({e.Message}).");
        }

        if (options.LockTimeout <= TimeSpan.Zero)
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(FileSystemStorageOptions.LockTimeout)} is {options.LockTimeout}; give a " +
                "positive time, e.g. 10 seconds.");
        }

        if (options is FileSystemArtifactStoreOptions { MaxArtifactBytes: <= 0 } artifacts)
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(FileSystemArtifactStoreOptions.MaxArtifactBytes)} is {artifacts.MaxArtifactBytes}; " +
                "give a positive number of bytes.");
        }
    }
}
