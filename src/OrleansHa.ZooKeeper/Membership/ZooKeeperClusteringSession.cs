using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Configuration;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>
/// The one ZooKeeper session of a silo or client for clustering, opened on first use and shared by the
/// membership table and the gateway list provider. The client library keeps the session across connection
/// losses and opens a new one after expiry, so this object only has to open it once.
/// </summary>
internal sealed class ZooKeeperClusteringSession(
    IZooKeeperClientFactory factory,
    IOptions<ZooKeeperClusteringOptions> options,
    ILogger<ZooKeeperClusteringSession> logger) : IAsyncDisposable
{
    // How long past the connect timeout the factory may take to give up before this class gives up on it.
    private static readonly TimeSpan ConnectGrace = TimeSpan.FromSeconds(2);

    private readonly ZooKeeperClusteringOptions _options = options.Value;
    private readonly Lock _gate = new();
    private Task<IZooKeeperClient>? _connecting;
    private bool _disposed;

    public string ConnectionString => _options.ConnectionString;

    /// <summary>The open session; the first call opens it, and a call after a failed attempt tries again.</summary>
    /// <exception cref="ZooKeeperConnectionException">No server answered within the connect timeout.</exception>
    public Task<IZooKeeperClient> GetClientAsync(CancellationToken cancellationToken = default)
    {
        Task<IZooKeeperClient> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            connecting = _connecting;
        }

        return connecting.WaitAsync(cancellationToken);
    }

    private async Task<IZooKeeperClient> ConnectAsync()
    {
        var connectionString = _options.ConnectionString;
        var timeout = _options.ConnectTimeout;
        logger.Connecting(connectionString, _options.SessionTimeout, timeout);

        // Not the caller's token: the attempt is shared by every caller, and bounded by the connect timeout.
        var attempt = factory.ConnectAsync(connectionString, _options.SessionTimeout, timeout, CancellationToken.None);
        IZooKeeperClient client;
        try
        {
            client = await attempt.WaitAsync(timeout + ConnectGrace);
        }
        catch (TimeoutException)
        {
            // Never hang a silo start on a library that does not give up: close the session if it opens later.
            _ = CloseLateSessionAsync(attempt);
            var error = new ZooKeeperConnectionException(connectionString, timeout, "the client library did not give up in time");
            logger.ConnectFailed(error, connectionString, timeout);
            throw error;
        }
        catch (Exception e) when (e is ZooKeeperException or ArgumentException)
        {
            logger.ConnectFailed(e, connectionString, timeout);
            throw;
        }

        client.SessionEvent += OnSessionEvent;
        logger.Connected(connectionString, client.SessionId);
        return client;
    }

    private static async Task CloseLateSessionAsync(Task<IZooKeeperClient> attempt)
    {
        try
        {
            await (await attempt).DisposeAsync();
        }
        catch (Exception)
        {
            // The attempt failed after all, or closing failed: either way nothing is left open to close.
        }
    }

    private void OnSessionEvent(object? sender, ZooKeeperSessionEventArgs e)
    {
        if (e.State == ZooKeeperSessionState.Connected)
        {
            logger.SessionRestored(e.SessionId, _options.ConnectionString, e.State);
        }
        else if (e.State != ZooKeeperSessionState.Closed)
        {
            logger.SessionStateChanged(e.SessionId, _options.ConnectionString, e.State);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<IZooKeeperClient>? connecting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connecting = _connecting;
        }

        if (connecting is null)
        {
            return;
        }

        IZooKeeperClient client;
        try
        {
            client = await connecting;
        }
        catch (Exception)
        {
            // It never connected (and the caller that started it saw why): nothing to close.
            return;
        }

        client.SessionEvent -= OnSessionEvent;
        await client.DisposeAsync();
    }
}
