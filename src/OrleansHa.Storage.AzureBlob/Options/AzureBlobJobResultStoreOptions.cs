namespace OrleansHa.Storage.AzureBlob;

/// <summary>Options of the JobResultStore on Azure Blob.</summary>
public sealed class AzureBlobJobResultStoreOptions : AzureBlobStorageOptions
{
    /// <summary>
    /// True (the default, as Flink's job-result-store.delete-on-commit) deletes an entry when it is marked
    /// clean; false keeps it as <c>&lt;job-id&gt;.json</c>, so the job's result stays readable.
    /// </summary>
    public bool DeleteOnCommit { get; set; } = true;
}
