namespace OrleansHa.Storage.Diagnostics;

/// <summary>
/// The tag values of the storage-operation counters that every OrleansHa storage backend publishes
/// (counter <see cref="CounterName"/>), so one benchmark or dashboard reads them all alike.
/// </summary>
public static class StorageOperationTags
{
    public const string CounterName = "orleansha.storage.operations";

    /// <summary>Values of the <c>store</c> tag.</summary>
    public static class Stores
    {
        public const string GrainStorage = "grain-storage";
        public const string JobResultStore = "job-result-store";
        public const string Artifacts = "artifacts";
        public const string Checkpoints = "checkpoints";
        public const string History = "history";
    }

    /// <summary>Values of the <c>operation</c> tag: one storage request (or file-system call) each.</summary>
    public static class Operations
    {
        public const string Read = "read";
        public const string Write = "write";
        public const string Delete = "delete";
        public const string Exists = "exists";
        public const string List = "list";
        public const string Rename = "rename";
        public const string CreateContainer = "create-container";
    }

    /// <summary>Values of the <c>outcome</c> tag.</summary>
    public static class Outcomes
    {
        public const string Success = "success";
        public const string NotFound = "not-found";
        public const string Conflict = "conflict";
        public const string Unavailable = "unavailable";
        public const string Failed = "failed";
    }
}
