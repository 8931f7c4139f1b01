using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>Maps the library's return codes to the typed exceptions of <see cref="ZooKeeperException"/>.</summary>
internal static unsafe class NativeErrors
{
    public const int Ok = 0;

    public static ZooKeeperException ToException(int code, string operation, string? path) => (ZooKeeperErrorCode)code switch
    {
        ZooKeeperErrorCode.NoNode => new ZooKeeperNoNodeException(operation, path ?? string.Empty),
        ZooKeeperErrorCode.NodeExists => new ZooKeeperNodeExistsException(operation, path ?? string.Empty),
        ZooKeeperErrorCode.BadVersion => new ZooKeeperBadVersionException(operation, path ?? string.Empty),
        ZooKeeperErrorCode.NotEmpty => new ZooKeeperNotEmptyException(operation, path ?? string.Empty),

        // The library fails every call in flight with OperationTimeout when the server stops answering within two
        // thirds of the session timeout, and then drops the connection: for the caller that is a connection loss.
        ZooKeeperErrorCode.ConnectionLoss or ZooKeeperErrorCode.OperationTimeout =>
            new ZooKeeperConnectionLossException(operation, path),
        ZooKeeperErrorCode.SessionExpired => new ZooKeeperSessionExpiredException(operation, path),
        ZooKeeperErrorCode.Closing => Closed(operation, path),
        ZooKeeperErrorCode.BadArguments => new ZooKeeperException(
            ZooKeeperErrorCode.BadArguments, operation, path,
            "the library rejected the arguments; a path must start with '/' and have no empty, '.' or '..' segment"),
        _ => new ZooKeeperException((ZooKeeperErrorCode)code, operation, path, Describe(code)),
    };

    /// <summary>The call was still in flight when the client was disposed.</summary>
    public static ZooKeeperException Closed(string operation, string? path) => new(
        ZooKeeperErrorCode.Closing, operation, path, "the client was closed before the call completed");

    private static string Describe(int code)
    {
        try
        {
            return NativeStrings.FromUtf8(NativeMethods.Error(code)) ?? $"error {code}";
        }
        catch (DllNotFoundException)
        {
            return $"error {code}";
        }
    }
}
