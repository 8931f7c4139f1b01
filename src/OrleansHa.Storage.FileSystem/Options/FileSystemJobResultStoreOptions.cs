namespace OrleansHa.Storage.FileSystem;

/// <summary>Options of the JobResultStore on the file system.</summary>
public sealed class FileSystemJobResultStoreOptions : FileSystemStorageOptions
{
    /// <summary>
    /// True (the default, as Flink's job-result-store.delete-on-commit) deletes an entry when it is marked
    /// clean; false renames it to <c>&lt;job-id&gt;.json</c>, so the job's result stays readable.
    /// </summary>
    public bool DeleteOnCommit { get; set; } = true;
}
