using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// Finished jobs' results for clients at <c>&lt;cluster-id&gt;/history/&lt;job-id&gt;.json</c>. The time a
/// record was written is kept in its metadata too, so the retention sweep decides from one listing without
/// reading any record.
/// </summary>
public sealed class AzureBlobJobHistoryStore : IJobHistoryStore
{
    internal const string RecordedAtMetadataKey = "recordedat";

    // The most blobs one List Blobs request returns.
    private const int MaxListPageSize = 5_000;

    private readonly HaStorageLayout _layout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BlobContainerAccess _access;

    public AzureBlobJobHistoryStore(
        AzureBlobJobHistoryStoreOptions options, string clusterId, TimeProvider time,
        ILogger<AzureBlobJobHistoryStore> logger)
    {
        _layout = new HaStorageLayout(clusterId);
        _time = time;
        _logger = logger;
        _access = new BlobContainerAccess(options, StorageOperationTags.Stores.History, logger);
    }

    public async Task PutAsync(JobResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var blobName = _layout.History(result.JobId);
        var recordedAt = _time.GetUtcNow();
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [RecordedAtMetadataKey] = recordedAt.ToString("O", CultureInfo.InvariantCulture) },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        await _access.UploadAsync(
            blobName, new BinaryData(JobResultDocument.Write(result, recordedAt)), options, cancellationToken);
    }

    public async Task<JobResult?> GetAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        var blobName = _layout.History(jobId);
        return await _access.TryDownloadAsync(blobName, cancellationToken) is { } download
            ? JobResultDocument.Read(_access.Describe(blobName), download.Content.ToMemory()).Result
            : null;
    }

    public async IAsyncEnumerable<JobId> ListJobIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var blob in _access.ListBlobsAsync(_layout.HistoryPrefix, BlobTraits.None, cancellationToken))
        {
            if (HaStorageLayout.TryParseHistoryName(blob.Name[_layout.HistoryPrefix.Length..], out var jobId))
            {
                yield return jobId;
            }
        }
    }

    public async Task<HistorySweepStep> SweepAsync(
        DateTimeOffset cutoff, string? continuation, int maxRecords, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        var examined = 0;
        var deleted = 0;
        var next = continuation;
        do
        {
            var page = await _access.ListBlobPageAsync(
                _layout.HistoryPrefix, BlobTraits.Metadata, next, Math.Min(maxRecords - examined, MaxListPageSize),
                cancellationToken);
            foreach (var blob in page?.Values ?? [])
            {
                examined++;
                if (RecordedAt(blob) < cutoff && await TryDeleteAsync(blob, cancellationToken))
                {
                    deleted++;
                }
            }

            next = string.IsNullOrEmpty(page?.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (next is not null && examined < maxRecords);

        _logger.HistorySweepStepped(examined, deleted, cutoff, next is null);
        return new HistorySweepStep(examined, deleted, next);
    }

    private async Task<bool> TryDeleteAsync(BlobItem blob, CancellationToken cancellationToken)
    {
        try
        {
            var conditions = new BlobRequestConditions { IfMatch = blob.Properties.ETag };
            return await _access.TryDeleteAsync(blob.Name, conditions, cancellationToken);
        }
        catch (RequestFailedException e) when (BlobErrors.IsConflict(e))
        {
            // Written again since the listing: then it is no longer old.
            return false;
        }
    }

    private static DateTimeOffset RecordedAt(BlobItem blob) =>
        blob.Metadata.TryGetValue(RecordedAtMetadataKey, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : blob.Properties.LastModified ?? DateTimeOffset.MaxValue;
}
