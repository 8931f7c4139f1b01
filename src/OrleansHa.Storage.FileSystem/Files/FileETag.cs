namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// A file's ETag is its last write time. Every write sets that time strictly later than the replaced file's
/// (under the write lock, checked by reading it back), so the ETag changes on every write, also of the same
/// bytes, even on file systems with coarse timestamps. Rename keeps it; readers see the time of the very
/// file they read.
/// </summary>
internal static class FileETag
{
    public static string From(DateTime lastWriteTimeUtc) => $"\"{lastWriteTimeUtc.Ticks:x}\"";
}
