namespace OrleansHa.Storage.FileSystem;

/// <summary>Options of the leader info record of embedded mode on the file system.</summary>
public sealed class FileSystemLeaderInfoOptions : FileSystemStorageOptions;
