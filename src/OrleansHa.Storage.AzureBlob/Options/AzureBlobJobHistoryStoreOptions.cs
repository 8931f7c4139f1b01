namespace OrleansHa.Storage.AzureBlob;

/// <summary>Options of the finished-job history store on Azure Blob.</summary>
public sealed class AzureBlobJobHistoryStoreOptions : AzureBlobStorageOptions;
