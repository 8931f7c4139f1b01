using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.ZooKeeper.Native;

namespace OrleansHa.ZooKeeper.Client;

/// <summary>
/// Opens ZooKeeper sessions through Apache ZooKeeper's C client, libzookeeper_mt.so.2 (Debian: libzookeeper-mt2).
/// The library's own log goes to <paramref name="loggerFactory"/> under the category "OrleansHa.ZooKeeper.Native".
/// </summary>
public sealed class ZooKeeperClientFactory(ILoggerFactory loggerFactory) : IZooKeeperClientFactory
{
    public ZooKeeperClientFactory()
        : this(NullLoggerFactory.Instance)
    {
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive.</exception>
    /// <exception cref="DllNotFoundException">libzookeeper_mt.so.2 is not installed; the message says how to install it.</exception>
    public async Task<IZooKeeperClient> ConnectAsync(
        string connectionString, TimeSpan sessionTimeout, TimeSpan connectTimeout,
        CancellationToken cancellationToken = default)
    {
        ZooKeeperConnectionString.Parse(connectionString);
        if (sessionTimeout <= TimeSpan.Zero || sessionTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(sessionTimeout), sessionTimeout,
                "The ZooKeeper session timeout must be positive; the server bounds it to its min and max session " +
                "timeouts (by default 2 and 20 ticks).");
        }

        if (connectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(connectTimeout), connectTimeout, "The ZooKeeper connect timeout must be positive.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        NativeLog.Configure(loggerFactory);
        var client = new ZooKeeperClient(connectionString, sessionTimeout, loggerFactory.CreateLogger<ZooKeeperClient>());
        try
        {
            await client.ConnectAsync(connectTimeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            // Never leave a handle behind that keeps dialing the servers.
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
