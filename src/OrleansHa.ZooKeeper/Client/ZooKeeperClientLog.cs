using Microsoft.Extensions.Logging;

namespace OrleansHa.ZooKeeper.Client;

/// <summary>The client's log messages: event ids 1020-1049 (1000-1019 are the native library's, see NativeLog).</summary>
internal static partial class ZooKeeperClientLog
{
    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "ZooKeeper {Operation} of '{Path}' failed: {Code}")]
    public static partial void OperationFailed(ILogger logger, string operation, string? path, ZooKeeperErrorCode code);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information,
        Message = "Connecting to ZooKeeper '{ConnectionString}' with session timeout {SessionTimeout}")]
    public static partial void Connecting(ILogger logger, string connectionString, TimeSpan sessionTimeout);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information,
        Message = "ZooKeeper session 0x{SessionId:x} connected to '{ConnectionString}' (negotiated session timeout {SessionTimeout})")]
    public static partial void Connected(ILogger logger, long sessionId, string connectionString, TimeSpan sessionTimeout);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning,
        Message = "ZooKeeper session 0x{SessionId:x} lost its connection to '{ConnectionString}'; the library reconnects with the same session")]
    public static partial void Disconnected(ILogger logger, long sessionId, string connectionString);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Warning,
        Message = "ZooKeeper session 0x{SessionId:x} to '{ConnectionString}' expired: its ephemeral nodes and watches are gone; opening a new session")]
    public static partial void Expired(ILogger logger, long sessionId, string connectionString);

    [LoggerMessage(EventId = 1026, Level = LogLevel.Error,
        Message = "ZooKeeper session 0x{SessionId:x} to '{ConnectionString}' failed authentication")]
    public static partial void AuthFailed(ILogger logger, long sessionId, string connectionString);

    [LoggerMessage(EventId = 1027, Level = LogLevel.Error,
        Message = "Could not open a new ZooKeeper session to '{ConnectionString}'; retrying in {Delay}")]
    public static partial void SessionStartFailed(ILogger logger, Exception exception, string connectionString, TimeSpan delay);

    [LoggerMessage(EventId = 1028, Level = LogLevel.Information,
        Message = "ZooKeeper session 0x{SessionId:x} to '{ConnectionString}' closed (zookeeper_close returned {Code})")]
    public static partial void Closed(ILogger logger, long sessionId, string connectionString, ZooKeeperErrorCode code);

    [LoggerMessage(EventId = 1029, Level = LogLevel.Error, Message = "A ZooKeeper SessionEvent handler failed on {State}")]
    public static partial void SessionEventHandlerFailed(ILogger logger, Exception exception, ZooKeeperSessionState state);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Error, Message = "A ZooKeeper watcher of '{Path}' failed on {Type}")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string path, ZooKeeperWatchEventType type);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning,
        Message = "No ZooKeeper session to '{ConnectionString}' within {Timeout}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string connectionString, TimeSpan timeout, string reason);
}
