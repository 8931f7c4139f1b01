using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// Exclusive locks that hold across processes on one machine: each name maps to one of a fixed set of lock
/// files, and holding the lock means holding that file open with <see cref="FileShare.None"/> (flock on
/// Unix, a sharing lock on Windows). The operating system drops the lock when a process dies, so a killed
/// silo never leaves a lock behind. Threads of one process queue on a semaphore per lock file first, so only
/// one of them at a time asks the operating system.
/// </summary>
internal sealed class FileLockStripes
{
    private const int StripeCount = 64;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ProcessGates = new(StringComparer.Ordinal);

    private readonly string _directory;
    private readonly TimeSpan _timeout;

    public FileLockStripes(string directory, TimeSpan timeout)
    {
        _directory = directory;
        _timeout = timeout;
        Directory.CreateDirectory(directory);
    }

    /// <exception cref="TimeoutException">Another holder kept the lock longer than the timeout.</exception>
    public async Task<IDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, $"{StripeOf(name):D2}.lock");
        var gate = ProcessGates.GetOrAdd(path, static _ => new SemaphoreSlim(1, 1));
        var clock = Stopwatch.StartNew();
        if (!await gate.WaitAsync(_timeout, cancellationToken))
        {
            throw Timeout(name);
        }

        try
        {
            var delay = 1;
            while (true)
            {
                try
                {
                    var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                    return new Held(stream, gate);
                }
                catch (IOException) when (clock.Elapsed < _timeout)
                {
                    // Another process holds it.
                    await Task.Delay(delay, cancellationToken);
                    delay = Math.Min(delay * 2, 20);
                }
                catch (IOException e)
                {
                    throw Timeout(name, e);
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private TimeoutException Timeout(string name, Exception? inner = null) => new(
        $"The lock for '{name}' in {_directory} was held by another writer for more than {_timeout}.", inner);

    /// <summary>FNV-1a: stable across processes and runs, unlike string.GetHashCode.</summary>
    private static int StripeOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % StripeCount);
    }

    private sealed class Held(FileStream stream, SemaphoreSlim gate) : IDisposable
    {
        public void Dispose()
        {
            stream.Dispose();
            gate.Release();
        }
    }
}
