namespace OrleansHa.ZooKeeper.Client;

/// <summary>ZooKeeper's error codes (ZOO_ERRORS in zookeeper.h); the values are the library's.</summary>
public enum ZooKeeperErrorCode
{
    Ok = 0,
    SystemError = -1,
    RuntimeInconsistency = -2,
    DataInconsistency = -3,
    ConnectionLoss = -4,
    MarshallingError = -5,
    Unimplemented = -6,
    OperationTimeout = -7,
    BadArguments = -8,
    InvalidState = -9,
    NewConfigNoQuorum = -13,
    ReconfigInProgress = -14,
    SslConnectionError = -15,
    ApiError = -100,
    NoNode = -101,
    NoAuth = -102,
    BadVersion = -103,
    NoChildrenForEphemerals = -108,
    NodeExists = -110,
    NotEmpty = -111,
    SessionExpired = -112,
    InvalidCallback = -113,
    InvalidAcl = -114,
    AuthFailed = -115,
    Closing = -116,
    Nothing = -117,
    SessionMoved = -118,
    NotReadOnly = -119,
    EphemeralOnLocalSession = -120,
    NoWatcher = -121,
    ReconfigDisabled = -123,
    SessionClosedRequireSaslAuth = -124,
    Throttled = -127,
}

/// <summary>A ZooKeeper operation failed; the message names the operation, the path and the error.</summary>
public class ZooKeeperException(ZooKeeperErrorCode code, string operation, string? path, string? detail = null)
    : Exception(Describe(code, operation, path, detail))
{
    public ZooKeeperErrorCode Code { get; } = code;

    public string Operation { get; } = operation;

    public string? Path { get; } = path;

    /// <summary>
    /// True for errors after which the same call may succeed (connection loss, timeouts): the operation may
    /// or may not have been applied.
    /// </summary>
    public bool IsTransient => Code is ZooKeeperErrorCode.ConnectionLoss or ZooKeeperErrorCode.OperationTimeout
        or ZooKeeperErrorCode.Throttled;

    private static string Describe(ZooKeeperErrorCode code, string operation, string? path, string? detail) =>
        $"ZooKeeper {operation}{(path is null ? string.Empty : $" of '{path}'")} failed: {code}" +
        (detail is null ? "." : $": {detail}");
}

public sealed class ZooKeeperNodeExistsException(string operation, string path)
    : ZooKeeperException(ZooKeeperErrorCode.NodeExists, operation, path);

public sealed class ZooKeeperNoNodeException(string operation, string path)
    : ZooKeeperException(ZooKeeperErrorCode.NoNode, operation, path);

public sealed class ZooKeeperBadVersionException(string operation, string path)
    : ZooKeeperException(ZooKeeperErrorCode.BadVersion, operation, path);

public sealed class ZooKeeperNotEmptyException(string operation, string path)
    : ZooKeeperException(ZooKeeperErrorCode.NotEmpty, operation, path);

public sealed class ZooKeeperConnectionLossException(string operation, string? path)
    : ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, operation, path,
        "the connection to the ensemble was lost; the library reconnects and the call may be retried");

public sealed class ZooKeeperSessionExpiredException(string operation, string? path)
    : ZooKeeperException(ZooKeeperErrorCode.SessionExpired, operation, path,
        "the ensemble expired the session; its ephemeral nodes are gone");

/// <summary>No server answered within the connect timeout.</summary>
public sealed class ZooKeeperConnectionException(string connectionString, TimeSpan timeout, string? detail = null)
    : ZooKeeperException(ZooKeeperErrorCode.ConnectionLoss, "connect", null,
        $"no server of '{connectionString}' established a session within {timeout.TotalSeconds:0.#} s" +
        (detail is null ? string.Empty : $" ({detail})") +
        ". Check that ZooKeeper runs there and the connection string is right, or raise the connect timeout")
{
    public string ConnectionString { get; } = connectionString;
}

/// <summary>A multi transaction failed as a whole: nothing of it was applied.</summary>
public sealed class ZooKeeperMultiException(int failedIndex, ZooKeeperErrorCode failedCode, string failedPath)
    : ZooKeeperException(failedCode, "multi", failedPath, $"operation {failedIndex} failed; none was applied")
{
    public int FailedIndex { get; } = failedIndex;
}
