using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// Flink's FileSystemJobResultStore (FLIP-194) in a directory:
/// <c>&lt;root&gt;/&lt;cluster-id&gt;/job-result-store/&lt;job-id&gt;_DIRTY.json</c>, renamed to
/// <c>&lt;job-id&gt;.json</c> or deleted when marked clean. Each job's create and mark-clean run under the
/// job's cross-process lock, so two silos sharing the directory can never both create an entry.
/// </summary>
public sealed class FileSystemJobResultStore : IJobResultStore
{
    private readonly FileSystemJobResultStoreOptions _options;
    private readonly HaStorageLayout _layout;
    private readonly ILogger _logger;
    private readonly FileStoreDirectory _directory;

    public FileSystemJobResultStore(
        FileSystemJobResultStoreOptions options, string clusterId, ILogger<FileSystemJobResultStore> logger)
    {
        _options = options;
        _layout = new HaStorageLayout(clusterId);
        _logger = logger;
        _directory = new FileStoreDirectory(options, StorageOperationTags.Stores.JobResultStore, logger);
    }

    public bool DeletesOnCommit => _options.DeleteOnCommit;

    public async Task CreateDirtyResultAsync(JobResult result, CancellationToken cancellationToken = default)
    {
        JobResultEntries.EnsureFinal(result);

        var dirty = _layout.DirtyJobResult(result.JobId);
        using (await _directory.LockAsync(_layout.CleanJobResult(result.JobId), cancellationToken))
        {
            if (_directory.Exists(dirty))
            {
                throw new JobResultEntryAlreadyExistsException(result.JobId, isClean: false);
            }

            if (_directory.Exists(_layout.CleanJobResult(result.JobId)))
            {
                throw new JobResultEntryAlreadyExistsException(result.JobId, isClean: true);
            }

            await _directory.WriteAsync(dirty, JobResultDocument.Write(result), replacing: null, cancellationToken);
        }
    }

    public async Task MarkResultAsCleanAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        var dirty = _layout.DirtyJobResult(jobId);
        var clean = _layout.CleanJobResult(jobId);
        using (await _directory.LockAsync(clean, cancellationToken))
        {
            if (!_directory.Exists(dirty))
            {
                if (!_directory.Exists(clean))
                {
                    throw new NoSuchJobResultEntryException(jobId);
                }

                _logger.JobResultAlreadyClean(jobId.Value);
                return;
            }

            if (_options.DeleteOnCommit)
            {
                _directory.TryDelete(dirty);
            }
            else
            {
                _directory.Rename(dirty, clean);
            }
        }
    }

    public Task<bool> HasEntryAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_directory.Exists(_layout.DirtyJobResult(jobId)) || _directory.Exists(_layout.CleanJobResult(jobId)));

    public Task<bool> HasDirtyEntryAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_directory.Exists(_layout.DirtyJobResult(jobId)));

    public Task<bool> HasCleanEntryAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_directory.Exists(_layout.CleanJobResult(jobId)));

    public async Task<IReadOnlyList<JobResult>> GetDirtyResultsAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<JobResult>();
        foreach (var jobId in ListDirtyJobIds())
        {
            var name = _layout.DirtyJobResult(jobId);
            if (await _directory.TryReadAsync(name, cancellationToken) is not { } stored)
            {
                continue; // Marked clean since the listing.
            }

            var location = _directory.PathOf(name);
            try
            {
                results.Add(JobResultEntries.Read(location, stored.Content, jobId));
            }
            catch (CorruptStoredRecordException e)
            {
                _logger.CorruptJobResultSkipped(e, location);
            }
        }

        return results;
    }

    /// <summary>One directory listing; no entry is opened.</summary>
    public Task<IReadOnlyList<JobId>> GetDirtyJobIdsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobId>>(ListDirtyJobIds());

    /// <summary>The jobs whose dirty entries are in the directory: a file whose name is not a dirty entry's is passed over.</summary>
    private List<JobId> ListDirtyJobIds()
    {
        var jobIds = new List<JobId>();
        foreach (var file in _directory.ListFiles(_layout.JobResultStorePrefix, "*" + HaStorageLayout.DirtySuffix))
        {
            if (HaStorageLayout.TryParseDirtyJobResultName(file.Name, out var jobId))
            {
                jobIds.Add(jobId);
            }
        }

        return jobIds;
    }
}
