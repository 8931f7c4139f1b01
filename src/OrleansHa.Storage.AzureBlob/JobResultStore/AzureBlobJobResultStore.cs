using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// Flink's JobResultStore (FLIP-194) on Azure Blob: <c>&lt;cluster-id&gt;/job-result-store/&lt;job-id&gt;_DIRTY.json</c>
/// while the job's HA data is being cleaned, <c>&lt;job-id&gt;.json</c> after (unless entries are deleted on
/// commit). Creating an entry is one conditional PUT, plus an existence check of the clean entry when clean
/// entries are kept.
/// </summary>
public sealed class AzureBlobJobResultStore : IJobResultStore
{
    private const string Store = StorageOperationTags.Stores.JobResultStore;
    private const int ListingParallelism = 16;
    private const string JsonContentType = "application/json";

    private readonly AzureBlobJobResultStoreOptions _options;
    private readonly HaStorageLayout _layout;
    private readonly ILogger _logger;
    private readonly BlobContainerAccess _access;

    public AzureBlobJobResultStore(
        AzureBlobJobResultStoreOptions options, string clusterId, ILogger<AzureBlobJobResultStore> logger)
    {
        _options = options;
        _layout = new HaStorageLayout(clusterId);
        _logger = logger;
        _access = new BlobContainerAccess(options, Store, logger);
    }

    public bool DeletesOnCommit => _options.DeleteOnCommit;

    public async Task CreateDirtyResultAsync(JobResult result, CancellationToken cancellationToken = default)
    {
        JobResultEntries.EnsureFinal(result);

        var dirty = _layout.DirtyJobResult(result.JobId);
        ETag created;
        try
        {
            created = await _access.UploadAsync(
                dirty, new BinaryData(JobResultDocument.Write(result)), BlobOperations.CreateOnly(JsonContentType),
                cancellationToken);
        }
        catch (RequestFailedException e) when (BlobErrors.IsConflict(e))
        {
            throw new JobResultEntryAlreadyExistsException(result.JobId, isClean: false);
        }

        // A store that deletes on commit never holds a clean entry: one request less per job.
        // Checked after the create, not before: a concurrent mark-clean then cannot slip between the two.
        if (!_options.DeleteOnCommit && await _access.ExistsAsync(_layout.CleanJobResult(result.JobId), cancellationToken))
        {
            await DeleteIfUnchangedAsync(dirty, created, cancellationToken);
            throw new JobResultEntryAlreadyExistsException(result.JobId, isClean: true);
        }
    }

    public async Task MarkResultAsCleanAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        var dirty = _layout.DirtyJobResult(jobId);
        var clean = _layout.CleanJobResult(jobId);
        if (_options.DeleteOnCommit)
        {
            if (!await DeleteIfUnchangedAsync(dirty, ETag.All, cancellationToken))
            {
                await ThrowUnlessCleanAsync(jobId, clean, cancellationToken);
            }

            return;
        }

        // Rename = copy, then delete. A retry after a copy whose delete failed finds the clean entry already
        // there (409) and finishes the delete.
        if (await _access.TryDownloadAsync(dirty, cancellationToken) is not { } entry)
        {
            await ThrowUnlessCleanAsync(jobId, clean, cancellationToken);
            return;
        }

        try
        {
            await _access.UploadAsync(clean, entry.Content, BlobOperations.CreateOnly(JsonContentType), cancellationToken);
        }
        catch (RequestFailedException e) when (BlobErrors.IsConflict(e))
        {
            // Copied by an earlier attempt.
        }

        await DeleteIfUnchangedAsync(dirty, entry.Details.ETag, cancellationToken);
    }

    public async Task<bool> HasEntryAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        await HasDirtyEntryAsync(jobId, cancellationToken) || await HasCleanEntryAsync(jobId, cancellationToken);

    public Task<bool> HasDirtyEntryAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        _access.ExistsAsync(_layout.DirtyJobResult(jobId), cancellationToken);

    public Task<bool> HasCleanEntryAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        _access.ExistsAsync(_layout.CleanJobResult(jobId), cancellationToken);

    public async Task<IReadOnlyList<JobResult>> GetDirtyResultsAsync(CancellationToken cancellationToken = default)
    {
        var results = new ConcurrentBag<JobResult>();
        await Parallel.ForEachAsync(
            await ListDirtyEntriesAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                if (await TryReadAsync(entry.BlobName, entry.JobId, ct) is { } result)
                {
                    results.Add(result);
                }
            });
        return [.. results];
    }

    /// <summary>One list request per 5,000 entries, clean ones included; no entry is downloaded.</summary>
    public async Task<IReadOnlyList<JobId>> GetDirtyJobIdsAsync(CancellationToken cancellationToken = default) =>
        [.. (await ListDirtyEntriesAsync(cancellationToken)).Select(entry => entry.JobId)];

    /// <summary>The dirty entries by name: a blob whose name is not a dirty entry's is passed over.</summary>
    private async Task<List<(string BlobName, JobId JobId)>> ListDirtyEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = new List<(string BlobName, JobId JobId)>();
        await foreach (var blob in _access.ListBlobsAsync(_layout.JobResultStorePrefix, BlobTraits.None, cancellationToken))
        {
            if (HaStorageLayout.TryParseDirtyJobResultName(blob.Name[_layout.JobResultStorePrefix.Length..], out var jobId))
            {
                entries.Add((blob.Name, jobId));
            }
        }

        return entries;
    }

    private async Task<JobResult?> TryReadAsync(string blobName, JobId jobId, CancellationToken cancellationToken)
    {
        if (await _access.TryDownloadAsync(blobName, cancellationToken) is not { } download)
        {
            return null; // Marked clean since the listing.
        }

        var location = _access.Describe(blobName);
        try
        {
            return JobResultEntries.Read(location, download.Content.ToMemory(), jobId);
        }
        catch (CorruptStoredRecordException e)
        {
            _logger.CorruptJobResultSkipped(e, location);
            return null;
        }
    }

    private async Task ThrowUnlessCleanAsync(JobId jobId, string clean, CancellationToken cancellationToken)
    {
        if (!await _access.ExistsAsync(clean, cancellationToken))
        {
            throw new NoSuchJobResultEntryException(jobId);
        }

        _logger.JobResultAlreadyClean(jobId.Value);
    }

    /// <summary>Deletes the blob if it still has <paramref name="eTag"/>; false when it is gone or changed.</summary>
    private async Task<bool> DeleteIfUnchangedAsync(string blobName, ETag eTag, CancellationToken cancellationToken)
    {
        try
        {
            return await _access.TryDeleteAsync(blobName, new BlobRequestConditions { IfMatch = eTag }, cancellationToken);
        }
        catch (RequestFailedException e) when (BlobErrors.IsConflict(e))
        {
            return false;
        }
    }
}
