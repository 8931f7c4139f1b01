using System.Runtime.CompilerServices;
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

    public async IAsyncEnumerable<JobId> ListJobIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var file in _directory.ListFiles(_layout.HistoryPrefix, "*" + HaStorageLayout.JsonExtension))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HaStorageLayout.TryParseHistoryName(file.Name, out var jobId))
            {
                yield return jobId;
            }
        }
    }

    /// <remarks>
    /// The continuation is the name of the last file examined: the folder is listed whole on each step (a
    /// directory has no paged listing) and the step takes the names after it, in ordinal order.
    /// </remarks>
    public Task<HistorySweepStep> SweepAsync(
        DateTimeOffset cutoff, string? continuation, int maxRecords, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        var remaining = _directory.ListFiles(_layout.HistoryPrefix, "*" + HaStorageLayout.JsonExtension)
            .Where(file => continuation is null || string.CompareOrdinal(file.Name, continuation) > 0)
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();
        var step = remaining.Take(maxRecords).ToList();
        var deleted = 0;
        foreach (var file in step)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc < cutoff.UtcDateTime && _directory.TryDelete(_layout.HistoryPrefix + file.Name))
            {
                deleted++;
            }
        }

        var next = remaining.Count > step.Count ? step[^1].Name : null;
        _logger.HistorySweepStepped(step.Count, deleted, cutoff, next is null);
        return Task.FromResult(new HistorySweepStep(step.Count, deleted, next));
    }
}
