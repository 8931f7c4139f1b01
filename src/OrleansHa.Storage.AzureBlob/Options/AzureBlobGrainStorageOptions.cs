using Orleans.Storage;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>Options of <see cref="AzureBlobGrainStorage"/>.</summary>
public sealed class AzureBlobGrainStorageOptions : AzureBlobStorageOptions, IStorageProviderSerializerOptions
{
    public const int DefaultInitStage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// True (the default) deletes the blob on ClearStateAsync; false keeps an empty blob, so the grain's
    /// next write still needs the cleared blob's ETag.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>
    /// How states become bytes. Left unset, the serializer registered for this provider's name is used,
    /// else the silo's default (Orleans' JSON serializer); <see cref="SystemTextJsonGrainStorageSerializer"/>
    /// is the other JSON choice.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>The silo lifecycle stage at which the provider makes sure its container exists.</summary>
    public int InitStage { get; set; } = DefaultInitStage;
}
