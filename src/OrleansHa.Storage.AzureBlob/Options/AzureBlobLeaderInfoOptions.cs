namespace OrleansHa.Storage.AzureBlob;

/// <summary>Options of the leader info record of embedded mode in Azure Blob storage.</summary>
public sealed class AzureBlobLeaderInfoOptions : AzureBlobStorageOptions;
