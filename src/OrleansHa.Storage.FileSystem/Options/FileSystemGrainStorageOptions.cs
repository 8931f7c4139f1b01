using Orleans.Storage;

namespace OrleansHa.Storage.FileSystem;

/// <summary>Options of <see cref="FileSystemGrainStorage"/>.</summary>
public sealed class FileSystemGrainStorageOptions : FileSystemStorageOptions, IStorageProviderSerializerOptions
{
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// True (the default) deletes the file on ClearStateAsync; false keeps an empty file, so the grain's next
    /// write still needs the cleared file's ETag.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>
    /// How states become bytes. Left unset, the serializer registered for this provider's name is used,
    /// else the silo's default (Orleans' JSON serializer).
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The silo lifecycle stage at which the provider creates its directories.</summary>
    public int InitStage { get; set; } = DefaultInitStage;
}
