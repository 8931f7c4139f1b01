using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using OrleansHa.Leadership;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// The leader info of embedded mode at <c>&lt;cluster-id&gt;/leader.json</c> in the container. Publish reads the
/// record and writes conditioned on what it read (If-Match its ETag, or If-None-Match * when there was none),
/// and starts over when another writer came first, so a stale leader never overwrites a newer epoch. Like the
/// file-system record, it outlives its leader: the next leader replaces it.
/// </summary>
public sealed class AzureBlobLeaderInfoStore : ILeaderInfoPublisher, ILeaderInfoRetriever
{
    /// <summary>The <c>store</c> tag of this store's operation counts.</summary>
    public const string StoreName = "leader";

    // Each attempt loses only to another writer of the record; a handful means someone is looping on it.
    private const int MaxAttempts = 10;

    private readonly string _blobName;
    private readonly ILogger _logger;
    private readonly BlobContainerAccess _access;

    public AzureBlobLeaderInfoStore(AzureBlobLeaderInfoOptions options, string clusterId, ILogger<AzureBlobLeaderInfoStore> logger)
    {
        _blobName = new HaStorageLayout(clusterId).Leader;
        _logger = logger;
        _access = new BlobContainerAccess(options, StoreName, logger);
    }

    public async Task<bool> PublishAsync(LeaderInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.Validate();
        var content = new BinaryData(LeaderInfoDocument.Write(info));
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var download = await _access.TryDownloadAsync(_blobName, cancellationToken);
            var published = download is null ? null : ReadOrNull(download);
            switch (LeaderInfoRules.Decide(published, info))
            {
                case LeaderInfoPublication.Refuse:
                    _logger.LeaderInfoRefused(_access.Describe(_blobName), info.Epoch, published!.Epoch, published.SiloAddress);
                    return false;
                case LeaderInfoPublication.AlreadyPublished:
                    return true;
            }

            var options = new BlobUploadOptions
            {
                Conditions = download is null
                    ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                    : new BlobRequestConditions { IfMatch = download.Details.ETag },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            };
            try
            {
                await _access.UploadAsync(_blobName, content, options, cancellationToken);
                _logger.LeaderInfoPublished(_access.Describe(_blobName), info.Epoch, info.SiloAddress);
                return true;
            }
            catch (RequestFailedException e) when (BlobErrors.IsConflict(e))
            {
                // Another leader wrote first: compare with what it wrote.
            }
        }

        throw new LeaderInfoContentionException(_access.Describe(_blobName), info.Epoch, MaxAttempts);
    }

    public async Task RevokeAsync(long epoch, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await _access.TryDownloadAsync(_blobName, cancellationToken) is not { } download
                || ReadOrNull(download)?.Epoch != epoch)
            {
                // Nothing, something unreadable or another epoch: not ours to remove.
                return;
            }

            try
            {
                var conditions = new BlobRequestConditions { IfMatch = download.Details.ETag };
                if (await _access.TryDeleteAsync(_blobName, conditions, cancellationToken))
                {
                    _logger.LeaderInfoRevoked(_access.Describe(_blobName), epoch);
                }

                return;
            }
            catch (RequestFailedException e) when (BlobErrors.IsConflict(e))
            {
                // Rewritten since the read: look again.
            }
        }

        throw new LeaderInfoContentionException(_access.Describe(_blobName), epoch, MaxAttempts);
    }

    public async Task<LeaderInfo?> GetAsync(CancellationToken cancellationToken = default) =>
        await _access.TryDownloadAsync(_blobName, cancellationToken) is { } download ? ReadOrNull(download) : null;

    /// <summary>The record, or null (logged) when it cannot be read: a corrupt record is no leader, and the next publication replaces it.</summary>
    private LeaderInfo? ReadOrNull(BlobDownloadResult download)
    {
        try
        {
            return LeaderInfoDocument.Read(_access.Describe(_blobName), download.Content.ToMemory());
        }
        catch (CorruptStoredRecordException e)
        {
            _logger.CorruptRecord(e, e.Location);
            return null;
        }
    }
}
