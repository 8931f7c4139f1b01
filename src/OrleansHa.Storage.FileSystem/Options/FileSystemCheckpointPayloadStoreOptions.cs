namespace OrleansHa.Storage.FileSystem;

/// <summary>Options of the checkpoint payload store on the file system.</summary>
public sealed class FileSystemCheckpointPayloadStoreOptions : FileSystemStorageOptions;
