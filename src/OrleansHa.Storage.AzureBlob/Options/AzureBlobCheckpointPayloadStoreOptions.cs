namespace OrleansHa.Storage.AzureBlob;

/// <summary>Options of the checkpoint payload store on Azure Blob.</summary>
public sealed class AzureBlobCheckpointPayloadStoreOptions : AzureBlobStorageOptions;
