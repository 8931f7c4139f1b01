using Microsoft.Extensions.Logging;
using OrleansHa.Leadership;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Membership;

namespace OrleansHa.ZooKeeper.Leadership;

/// <summary>
/// Publishes the leader info as the EPHEMERAL leader znode of the process's clustering session, so it vanishes
/// with the leader's process. A replace is one multi (delete at the version read, create), so a stale leader
/// never overwrites a newer epoch. When the ensemble expires the session, its node is gone; once the client
/// has a new session, this publisher creates the node again for the epoch it last published, unless that
/// epoch was revoked or a newer one appeared meanwhile.
/// </summary>
internal sealed class ZooKeeperLeaderInfoPublisher(
    ZooKeeperClusteringSession session, ZooKeeperLeaderNode node, ILogger<ZooKeeperLeaderInfoPublisher> logger)
    : ILeaderInfoPublisher, IAsyncDisposable
{
    // Each attempt loses only to another writer of the node; a handful means someone is looping on it.
    private const int MaxAttempts = 10;

    private static readonly TimeSpan MaxRepublishDelay = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IZooKeeperClient? _client;

    // What this process has published and in which session; guarded by _gate.
    private LeaderInfo? _published;
    private long _publishedSession;

    public async Task<bool> PublishAsync(LeaderInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.Validate();
        var client = await session.GetClientAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Watch(client);
            if (_published is { } mine && LeaderInfoRules.Decide(mine, info) == LeaderInfoPublication.Refuse)
            {
                // This process published a newer epoch; its node may only be missing until it is re-created.
                logger.LeaderInfoRefused(node.Path, info.Epoch, mine.Epoch, mine.SiloAddress);
                return false;
            }

            return await PublishCoreAsync(client, info, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RevokeAsync(long epoch, CancellationToken cancellationToken = default)
    {
        var client = await session.GetClientAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_published?.Epoch == epoch)
            {
                _published = null;
            }

            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (await node.ReadAsync(client, logger, cancellationToken) is not { Info.Epoch: var stored } current
                    || stored != epoch)
                {
                    // Nothing, something unreadable or another epoch: not ours to remove.
                    return;
                }

                try
                {
                    await client.DeleteAsync(node.Path, current.Stat.Version, cancellationToken);
                    logger.LeaderInfoRevoked(node.Path, epoch);
                    return;
                }
                catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
                {
                    return;
                }
                catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.BadVersion)
                {
                    logger.LeaderNodeMoved(node.Path, epoch, e.Code, attempt);
                }
            }

            throw new LeaderInfoContentionException(node.Path, epoch, MaxAttempts);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates the node, or replaces a lower epoch's; the caller holds <see cref="_gate"/>.</summary>
    private async Task<bool> PublishCoreAsync(IZooKeeperClient client, LeaderInfo info, CancellationToken cancellationToken)
    {
        var data = LeaderInfoDocument.Write(info);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                await client.CreateAsync(node.Path, data, ZooKeeperCreateMode.Ephemeral, cancellationToken);
                return Published(client, info);
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
            {
                await node.CreateParentsAsync(client, cancellationToken);
                continue;
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NodeExists)
            {
                // Someone leads, or led and its session has not expired yet: compare epochs.
            }

            if (await node.ReadAsync(client, logger, cancellationToken) is not { } current)
            {
                continue;
            }

            switch (LeaderInfoRules.Decide(current.Info, info))
            {
                case LeaderInfoPublication.Refuse:
                    logger.LeaderInfoRefused(node.Path, info.Epoch, current.Info!.Epoch, current.Info.SiloAddress);
                    if (_published is { } mine && LeaderInfoRules.Decide(current.Info, mine) == LeaderInfoPublication.Refuse)
                    {
                        // A newer leader (or a rival with our epoch) holds the node: never bring ours back. A stale
                        // call refused by our own record leaves it to be re-created.
                        _published = null;
                    }

                    return false;
                case LeaderInfoPublication.AlreadyPublished when current.Stat.EphemeralOwner == client.SessionId:
                    logger.LeaderInfoAlreadyPublished(node.Path, info.Epoch);
                    return Published(client, info);
            }

            // A lower epoch, an unreadable record, or ours held by another session: replace it, only as read.
            try
            {
                await client.MultiAsync(
                    [
                        new ZooKeeperOperation.Delete(node.Path, current.Stat.Version),
                        new ZooKeeperOperation.Create(node.Path, data, ZooKeeperCreateMode.Ephemeral),
                    ],
                    cancellationToken);
                return Published(client, info);
            }
            catch (ZooKeeperException e) when (e.Code is ZooKeeperErrorCode.BadVersion or ZooKeeperErrorCode.NoNode
                or ZooKeeperErrorCode.NodeExists)
            {
                logger.LeaderNodeMoved(node.Path, info.Epoch, e.Code, attempt);
            }
        }

        throw new LeaderInfoContentionException(node.Path, info.Epoch, MaxAttempts);
    }

    private bool Published(IZooKeeperClient client, LeaderInfo info)
    {
        _published = info;
        _publishedSession = client.SessionId;
        logger.LeaderInfoPublished(node.Path, info.Epoch, info.SiloAddress, client.SessionId);
        return true;
    }

    /// <summary>Subscribes to the session's events once; the caller holds <see cref="_gate"/>.</summary>
    private void Watch(IZooKeeperClient client)
    {
        if (_client is null)
        {
            _client = client;
            client.SessionEvent += OnSessionEvent;
        }
    }

    private void OnSessionEvent(object? sender, ZooKeeperSessionEventArgs e)
    {
        // A reconnect within the session keeps the node; only a new session (after expiry) has lost it.
        if (e.State == ZooKeeperSessionState.Connected && !_stopping.IsCancellationRequested)
        {
            _ = RepublishAsync(_stopping.Token);
        }
    }

    private async Task RepublishAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _gate.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            LeaderInfo? info = null;
            try
            {
                var client = _client!;
                info = _published;
                if (info is null || _publishedSession == client.SessionId)
                {
                    logger.NothingToRepublish(node.Path, client.SessionId);
                    return;
                }

                logger.RepublishingAfterExpiry(node.Path, info.Epoch, client.SessionId);
                await PublishCoreAsync(client, info, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ZooKeeperException or LeaderInfoContentionException)
            {
                var code = (e as ZooKeeperException)?.Code ?? ZooKeeperErrorCode.BadVersion;
                logger.RepublishFailed(e, node.Path, info?.Epoch ?? -1, code, delay);
            }
            finally
            {
                _gate.Release();
            }

            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRepublishDelay.Ticks));
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            client.SessionEvent -= OnSessionEvent;
        }

        _stopping.Cancel();
        return ValueTask.CompletedTask;
    }
}
