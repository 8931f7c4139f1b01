namespace OrleansHa.Storage.FileSystem;

/// <summary>Options of the finished-job history store on the file system.</summary>
public sealed class FileSystemJobHistoryStoreOptions : FileSystemStorageOptions;
