using Microsoft.Extensions.Logging;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>The log lines of the Azure Blob stores: event ids 2000 to 2099.</summary>
internal static partial class AzureBlobStorageLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information,
        Message = "Blob store '{Store}' uses container '{Container}' at {Endpoint} for cluster '{ClusterId}'")]
    public static partial void StoreStarted(this ILogger logger, string store, string container, string endpoint, string clusterId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Created the missing container '{Container}' at {Endpoint}")]
    public static partial void ContainerCreated(this ILogger logger, string container, string endpoint);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Blob storage at {Endpoint} did not complete {Operation} of '{BlobName}': it is unreachable or failing")]
    public static partial void StorageUnavailable(this ILogger logger, Exception exception, string endpoint, string operation, string blobName);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug,
        Message = "Conditional {Operation} of '{BlobName}' lost: the grain held ETag {CurrentETag}, storage has {StoredETag}")]
    public static partial void GrainStateConflict(this ILogger logger, string operation, string blobName, string? currentETag, string? storedETag);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error,
        Message = "Stored record '{Location}' cannot be read and was left as it is")]
    public static partial void CorruptRecord(this ILogger logger, Exception exception, string location);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning,
        Message = "Skipped the JobResultStore entry '{Location}' while listing dirty results: it cannot be read. Inspect it, then repair or delete it")]
    public static partial void CorruptJobResultSkipped(this ILogger logger, Exception exception, string location);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug,
        Message = "JobResultStore entry of job '{JobId}' was already clean; nothing to do")]
    public static partial void JobResultAlreadyClean(this ILogger logger, string jobId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug,
        Message = "A history sweep step examined {Examined} records and deleted {Deleted} written before {Cutoff}; it reached the end of the history: {ReachedEnd}")]
    public static partial void HistorySweepStepped(
        this ILogger logger, int examined, int deleted, DateTimeOffset cutoff, bool reachedEnd);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error,
        Message = "Grain storage '{Name}' could not prepare container '{Container}' at {Endpoint}")]
    public static partial void GrainStorageInitFailed(this ILogger logger, Exception exception, string name, string container, string endpoint);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information,
        Message = "Published leader info {Location}: epoch {Epoch}, silo {SiloAddress}")]
    public static partial void LeaderInfoPublished(this ILogger logger, string location, long epoch, string siloAddress);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning,
        Message = "Refused to publish epoch {Epoch} to {Location}: it holds epoch {PublishedEpoch} of silo {PublishedSilo}")]
    public static partial void LeaderInfoRefused(this ILogger logger, string location, long epoch, long publishedEpoch, string publishedSilo);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "Revoked leader info {Location} of epoch {Epoch}")]
    public static partial void LeaderInfoRevoked(this ILogger logger, string location, long epoch);
}
