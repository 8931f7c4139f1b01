namespace OrleansHa.Storage.FileSystem;

/// <summary>A file's bytes and its last write time, read from one open handle so they belong together.</summary>
internal sealed record StoredFile(byte[] Content, DateTime LastWriteTimeUtc)
{
    public string ETag => FileETag.From(LastWriteTimeUtc);
}
