using Microsoft.Extensions.Logging;

namespace OrleansHa.Storage.FileSystem;

/// <summary>The log lines of the file-system stores: event ids 2100 to 2199.</summary>
internal static partial class FileSystemStorageLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information,
        Message = "File store '{Store}' keeps cluster '{ClusterId}' under {Root}")]
    public static partial void StoreStarted(this ILogger logger, string store, string root, string clusterId);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "The storage directory {Root} did not complete {Operation} of '{Name}'")]
    public static partial void StorageUnavailable(this ILogger logger, Exception exception, string root, string operation, string name);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug,
        Message = "Conditional {Operation} of '{Path}' lost: the grain held ETag {CurrentETag}, the file has {StoredETag}")]
    public static partial void GrainStateConflict(this ILogger logger, string operation, string path, string? currentETag, string? storedETag);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error,
        Message = "Stored record '{Location}' cannot be read and was left as it is")]
    public static partial void CorruptRecord(this ILogger logger, Exception exception, string location);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning,
        Message = "Skipped the JobResultStore entry '{Location}' while listing dirty results: it cannot be read. Inspect it, then repair or delete it")]
    public static partial void CorruptJobResultSkipped(this ILogger logger, Exception exception, string location);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug,
        Message = "JobResultStore entry of job '{JobId}' was already clean; nothing to do")]
    public static partial void JobResultAlreadyClean(this ILogger logger, string jobId);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug,
        Message = "A history sweep step examined {Examined} records and deleted {Deleted} written before {Cutoff}; it reached the end of the history: {ReachedEnd}")]
    public static partial void HistorySweepStepped(
        this ILogger logger, int examined, int deleted, DateTimeOffset cutoff, bool reachedEnd);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Information,
        Message = "Published leader info {Path}: epoch {Epoch}, silo {SiloAddress}")]
    public static partial void LeaderInfoPublished(this ILogger logger, string path, long epoch, string siloAddress);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Warning,
        Message = "Refused to publish epoch {Epoch} to {Path}: it holds epoch {PublishedEpoch} of silo {PublishedSilo}")]
    public static partial void LeaderInfoRefused(this ILogger logger, string path, long epoch, long publishedEpoch, string publishedSilo);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Information,
        Message = "Revoked leader info {Path} of epoch {Epoch}")]
    public static partial void LeaderInfoRevoked(this ILogger logger, string path, long epoch);
}
