using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// One store's view of the storage directory. Names are the relative names of <see cref="Layout.HaStorageLayout"/>.
/// Every write goes to a temporary file first and replaces the target by rename, so a reader or a crash sees
/// the old file or the new one, never a part. Each operation is counted; an I/O failure or a lock held too
/// long becomes <see cref="StorageUnavailableException"/> naming the directory.
/// </summary>
internal sealed class FileStoreDirectory
{
    private static readonly TimeSpan[] ClockSteps =
        [TimeSpan.FromTicks(1), TimeSpan.FromMicroseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private readonly FileSystemStorageOptions _options;
    private readonly string _store;
    private readonly ILogger _logger;
    private readonly string _temporaryDirectory;
    private readonly FileLockStripes _locks;

    public FileStoreDirectory(FileSystemStorageOptions options, string store, ILogger logger)
    {
        _options = options;
        _store = store;
        _logger = logger;
        Root = Path.GetFullPath(options.RootDirectory);
        _temporaryDirectory = Path.Combine(Root, ".tmp");
        Directory.CreateDirectory(_temporaryDirectory);
        _locks = new FileLockStripes(Path.Combine(Root, ".locks"), options.LockTimeout);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Holds the cross-process lock for <paramref name="name"/>: compare-and-swap happens inside it.</summary>
    public async Task<IDisposable> LockAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _locks.AcquireAsync(name, cancellationToken);
        }
        catch (TimeoutException e)
        {
            _logger.StorageUnavailable(e, Root, "lock", name);
            throw new StorageUnavailableException(Root, $"lock '{name}'", e);
        }
    }

    /// <summary>The file's content and last write time, or null when it does not exist.</summary>
    public Task<StoredFile?> TryReadAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(StorageOperationTags.Operations.Read, name, async () =>
        {
            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(
                    PathOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                    FileOptions.Asynchronous);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                FileSystemStorageInstruments.Count(_store, StorageOperationTags.Operations.Read, StorageOperationTags.Outcomes.NotFound);
                return null;
            }

            using var _ = handle;
            var content = new byte[RandomAccess.GetLength(handle)];
            var read = 0;
            while (read < content.Length)
            {
                var count = await RandomAccess.ReadAsync(handle, content.AsMemory(read), read, cancellationToken);
                if (count == 0)
                {
                    throw new IOException($"'{PathOf(name)}' ended after {read} of {content.Length} bytes.");
                }

                read += count;
            }

            return (StoredFile?)new StoredFile(content, File.GetLastWriteTimeUtc(handle));
        });

    /// <summary>The file's last write time (its ETag's source), or null when it does not exist.</summary>
    public DateTime? TryGetLastWriteTime(string name) => Run(StorageOperationTags.Operations.Exists, name, () =>
    {
        var file = new FileInfo(PathOf(name));
        return file.Exists ? file.LastWriteTimeUtc : (DateTime?)null;
    });

    public bool Exists(string name) => TryGetLastWriteTime(name) is not null;

    /// <summary>
    /// Writes the file atomically and returns its new last write time: strictly later than
    /// <paramref name="replacing"/>, or exactly <paramref name="lastWriteTimeUtc"/> when given.
    /// </summary>
    public Task<DateTime> WriteAsync(
        string name, ReadOnlyMemory<byte> content, DateTime? replacing, CancellationToken cancellationToken,
        DateTime? lastWriteTimeUtc = null) =>
        RunAsync(StorageOperationTags.Operations.Write, name, async () =>
        {
            var path = PathOf(name);
            var temporary = Path.Combine(_temporaryDirectory, $"{Guid.NewGuid():N}.tmp");
            try
            {
                DateTime written;
                using (var handle = File.OpenHandle(
                    temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous))
                {
                    await RandomAccess.WriteAsync(handle, content, 0, cancellationToken);
                    if (_options.FlushToDisk)
                    {
                        RandomAccess.FlushToDisk(handle);
                    }

                    written = lastWriteTimeUtc is { } fixedTime
                        ? SetLastWriteTime(handle, fixedTime)
                        : SetLastWriteTimeAfter(handle, replacing);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Move(temporary, path, overwrite: true);
                return written;
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        });

    /// <summary>Deletes the file; false when it did not exist.</summary>
    public bool TryDelete(string name) => Run(StorageOperationTags.Operations.Delete, name, () =>
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    });

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>, replacing it: one atomic step.</summary>
    public void Rename(string from, string to) =>
        Run(StorageOperationTags.Operations.Rename, from, () =>
        {
            File.Move(PathOf(from), PathOf(to), overwrite: true);
            return true;
        });

    /// <summary>Deletes the folder and everything in it; false when it did not exist.</summary>
    public bool TryDeleteFolder(string folder) => Run(StorageOperationTags.Operations.Delete, folder, () =>
    {
        var path = PathOf(folder);
        try
        {
            Directory.Delete(path, recursive: true);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    });

    /// <summary>The files directly in <paramref name="folder"/> whose names match <paramref name="pattern"/>.</summary>
    public IReadOnlyList<FileInfo> ListFiles(string folder, string pattern = "*") =>
        Run(StorageOperationTags.Operations.List, folder, () =>
        {
            var directory = new DirectoryInfo(PathOf(folder));
            return directory.Exists ? directory.GetFiles(pattern) : (IReadOnlyList<FileInfo>)[];
        });

    /// <summary>The folders directly in <paramref name="folder"/>.</summary>
    public IReadOnlyList<DirectoryInfo> ListFolders(string folder) =>
        Run(StorageOperationTags.Operations.List, folder, () =>
        {
            var directory = new DirectoryInfo(PathOf(folder));
            return directory.Exists ? directory.GetDirectories() : (IReadOnlyList<DirectoryInfo>)[];
        });

    private static DateTime SetLastWriteTime(SafeFileHandle handle, DateTime time)
    {
        File.SetLastWriteTimeUtc(handle, time);
        return File.GetLastWriteTimeUtc(handle);
    }

    /// <summary>Now, or later than <paramref name="previous"/> by as little as this file system can store.</summary>
    private static DateTime SetLastWriteTimeAfter(SafeFileHandle handle, DateTime? previous)
    {
        var now = DateTime.UtcNow;
        if (previous is not { } last || now > last)
        {
            var written = SetLastWriteTime(handle, now);
            if (previous is null || written > previous)
            {
                return written;
            }
        }

        foreach (var step in ClockSteps)
        {
            var written = SetLastWriteTime(handle, previous!.Value + step);
            if (written > previous)
            {
                return written;
            }
        }

        throw new IOException("The file system does not store a last write time that differs from the previous one.");
    }

    private T Run<T>(string operation, string name, Func<T> action)
    {
        try
        {
            var result = action();
            FileSystemStorageInstruments.Count(_store, operation, StorageOperationTags.Outcomes.Success);
            return result;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            FileSystemStorageInstruments.Count(_store, operation, StorageOperationTags.Outcomes.NotFound);
            throw;
        }
        catch (IOException e)
        {
            throw Unavailable(operation, name, e);
        }
    }

    private async Task<T> RunAsync<T>(string operation, string name, Func<Task<T>> action)
    {
        try
        {
            var result = await action();
            if (result is not null)
            {
                FileSystemStorageInstruments.Count(_store, operation, StorageOperationTags.Outcomes.Success);
            }

            return result;
        }
        catch (IOException e)
        {
            throw Unavailable(operation, name, e);
        }
    }

    private StorageUnavailableException Unavailable(string operation, string name, IOException e)
    {
        FileSystemStorageInstruments.Count(_store, operation, StorageOperationTags.Outcomes.Unavailable);
        _logger.StorageUnavailable(e, Root, operation, name);
        return new StorageUnavailableException(Root, $"{operation} '{name}'", e);
    }
}
