using Microsoft.Extensions.Logging;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>Log messages of ZooKeeper clustering; event ids 1100-1199.</summary>
internal static partial class ZooKeeperMembershipLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug,
        Message = "Connecting to ZooKeeper '{ConnectionString}' (session timeout {SessionTimeout}, connect timeout {ConnectTimeout})")]
    public static partial void Connecting(this ILogger logger, string connectionString, TimeSpan sessionTimeout, TimeSpan connectTimeout);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Connected to ZooKeeper '{ConnectionString}' with session 0x{SessionId:x}")]
    public static partial void Connected(this ILogger logger, string connectionString, long sessionId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error,
        Message = "Could not connect to ZooKeeper '{ConnectionString}' within {ConnectTimeout}")]
    public static partial void ConnectFailed(this ILogger logger, Exception exception, string connectionString, TimeSpan connectTimeout);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "ZooKeeper session 0x{SessionId:x} to '{ConnectionString}' is {State}")]
    public static partial void SessionStateChanged(this ILogger logger, long sessionId, string connectionString, ZooKeeperSessionState state);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information,
        Message = "ZooKeeper session 0x{SessionId:x} to '{ConnectionString}' is {State}")]
    public static partial void SessionRestored(this ILogger logger, long sessionId, string connectionString, ZooKeeperSessionState state);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information,
        Message = "Created the membership table {TablePath}")]
    public static partial void TableCreated(this ILogger logger, string tablePath);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning,
        Message = "Skipped the membership row {RowPath}: {Problem}. Repair or delete that znode; until then its silo is invisible to the cluster")]
    public static partial void CorruptRowSkipped(this ILogger logger, string rowPath, string problem);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning,
        Message = "Ignored the heartbeat {AlivePath}: {Problem}. The row's own IAmAliveTime is used instead")]
    public static partial void CorruptHeartbeatIgnored(this ILogger logger, string alivePath, string problem);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Debug,
        Message = "The membership table {TablePath} changed while it was read (etag {EtagBefore} then {EtagAfter}); reading again, attempt {Attempt}")]
    public static partial void SnapshotMoved(this ILogger logger, string tablePath, int etagBefore, int etagAfter, int attempt);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Debug,
        Message = "{Operation} of the membership row {RowPath} was rejected ({Code}): another writer changed the table first or the row is a duplicate or missing")]
    public static partial void ConditionalWriteRejected(this ILogger logger, string operation, string rowPath, ZooKeeperErrorCode code);

    [LoggerMessage(EventId = 1115, Level = LogLevel.Debug,
        Message = "{Operation} of the membership row {RowPath} was rejected: '{Etag}' is not an etag this table issued")]
    public static partial void ForeignEtagRejected(this ILogger logger, string operation, string rowPath, string etag);

    [LoggerMessage(EventId = 1120, Level = LogLevel.Information,
        Message = "Removed the defunct membership row {RowPath} ({Status}, last update {LastUpdate:O}, cutoff {Cutoff:O})")]
    public static partial void DefunctRowRemoved(this ILogger logger, string rowPath, Orleans.Runtime.SiloStatus status, DateTime lastUpdate, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Debug,
        Message = "Left the defunct membership row {RowPath} in place: it changed or went away since it was read ({Code})")]
    public static partial void DefunctRowChanged(this ILogger logger, string rowPath, ZooKeeperErrorCode code);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Information,
        Message = "Deleted the membership table {TablePath} of cluster '{ClusterId}'")]
    public static partial void TableDeleted(this ILogger logger, string tablePath, string clusterId);

    [LoggerMessage(EventId = 1130, Level = LogLevel.Warning,
        Message = "The membership table {TablePath} does not exist yet: no silo of this cluster has started, so there is no gateway")]
    public static partial void GatewayTableMissing(this ILogger logger, string tablePath);
}
