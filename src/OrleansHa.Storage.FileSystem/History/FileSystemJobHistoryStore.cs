using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// Finished jobs' results for clients at <c>&lt;root&gt;/&lt;cluster-id&gt;/history/&lt;job-id&gt;.json</c>. Each
/// file's last write time is the time its record was written, so the retention sweep decides from one
/// listing.
/// </summary>
public sealed class FileSystemJobHistoryStore : IJobHistoryStore
{
    private readonly HaStorageLayout _layout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FileStoreDirectory _directory;

    public FileSystemJobHistoryStore(
        FileSystemJobHistoryStoreOptions options, string clusterId, TimeProvider time,
        ILogger<FileSystemJobHistoryStore> logger)
    {
        _layout = new HaStorageLayout(clusterId);
        _time = time;
        _logger = logger;
        _directory = new FileStoreDirectory(options, StorageOperationTags.Stores.History, logger);
    }

    public async Task PutAsync(JobResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var recordedAt = _time.GetUtcNow();
        await _directory.WriteAsync(
            _layout.History(result.JobId), JobResultDocument.Write(result, recordedAt), replacing: null,
            cancellationToken, lastWriteTimeUtc: recordedAt.UtcDateTime);
    }

    public async Task<JobResult?> GetAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        var name = _layout.History(jobId);
        return await _directory.TryReadAsync(name, cancellationToken) is { } file
            ? JobResultDocument.Read(_directory.PathOf(name), file.Content).Result
            : null;
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        foreach (var file in _directory.ListFiles(_layout.HistoryPrefix, "*" + HaStorageLayout.JsonExtension))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc < cutoff.UtcDateTime && _directory.TryDelete(_layout.HistoryPrefix + file.Name))
            {
                deleted++;
            }
        }

        _logger.HistoryRecordsDeleted(deleted, cutoff);
        return Task.FromResult(deleted);
    }
}
