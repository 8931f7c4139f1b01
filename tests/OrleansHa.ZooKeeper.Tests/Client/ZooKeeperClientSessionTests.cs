using OrleansHa.ZooKeeper.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>
/// Session life: ephemeral nodes end with the session, a lost connection keeps the session, an expired session is
/// replaced by a new one. These tests stop, pause or cut off their server and leave it serving when they end.
/// </summary>
public sealed class ZooKeeperClientSessionTests(StandaloneZooKeeperFixture server) : IClassFixture<StandaloneZooKeeperFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispose_OwnerOfEphemeralNode_NodeIsGoneForOtherClients()
    {
        await using var observer = await ConnectAsync(server.ConnectionString);
        var owner = await ConnectAsync(server.ConnectionString);
        var root = await owner.CreateTestRootAsync();
        await owner.CreateAsync($"{root}/lease", Bytes("owner"), ZooKeeperCreateMode.Ephemeral, Cancel);
        Assert.NotNull(await observer.ExistsAsync($"{root}/lease", cancellationToken: Cancel));

        await owner.DisposeAsync();

        // zookeeper_close waits for the server to end the session, so the node is gone when Dispose returns.
        Assert.Null(await observer.ExistsAsync($"{root}/lease", cancellationToken: Cancel));
        Assert.NotNull(await observer.ExistsAsync(root, cancellationToken: Cancel));
    }

    [Fact]
    public async Task ServerKilledAndRestartedWithinSessionTimeout_DisconnectedThenConnectedWithSameSession()
    {
        await using var client = await ConnectAsync(server.ConnectionString, TimeSpan.FromSeconds(30));
        var events = new SessionEventRecorder(client);
        var sessionId = client.SessionId;
        var root = await client.CreateTestRootAsync();
        await client.CreateAsync($"{root}/lease", Bytes("x"), ZooKeeperCreateMode.Ephemeral, Cancel);

        server.Server.Kill();
        var disconnected = await events.NextAsync(ZooKeeperSessionState.Disconnected);
        var duringOutage = await Assert.ThrowsAsync<ZooKeeperConnectionLossException>(() =>
            client.GetDataAsync(root, cancellationToken: Cancel));
        server.Server.Start();
        await server.Ensemble.WaitUntilServingAsync(Cancel);
        var reconnected = await events.NextAsync(ZooKeeperSessionState.Connected);

        Assert.Equal(sessionId, disconnected.SessionId);
        Assert.Equal(sessionId, reconnected.SessionId);
        Assert.Equal(sessionId, client.SessionId);
        Assert.True(duringOutage.IsTransient);
        Assert.DoesNotContain(events.All, e => e.State == ZooKeeperSessionState.Expired);
        Assert.True(events.AllOnThreadPool);
        var lease = await client.ExistsAsync($"{root}/lease", cancellationToken: Cancel);
        Assert.Equal(sessionId, lease?.EphemeralOwner);
    }

    [Fact]
    public async Task ServerPaused_CallsInFlight_FailWithConnectionLossAndSessionSurvives()
    {
        await using var client = await ConnectAsync(server.ConnectionString, TimeSpan.FromSeconds(6));
        var events = new SessionEventRecorder(client);
        var sessionId = client.SessionId;
        var root = await client.CreateTestRootAsync();

        server.Server.Pause();
        try
        {
            var read = client.ExistsAsync(root, cancellationToken: Cancel);
            var multi = client.MultiAsync([new ZooKeeperOperation.Create($"{root}/m", Bytes("x"))], Cancel);

            // The library gives up on a silent server after two thirds of the session timeout (4 s here). A multi
            // lost that way is a connection loss, not the failure of one of its operations.
            await Assert.ThrowsAsync<ZooKeeperConnectionLossException>(() => read.Within());
            await Assert.ThrowsAsync<ZooKeeperConnectionLossException>(() => multi.Within());
        }
        finally
        {
            server.Server.Resume();
        }

        await events.NextAsync(ZooKeeperSessionState.Connected);
        Assert.Equal(sessionId, client.SessionId);
        Assert.NotNull(await client.ExistsAsync(root, cancellationToken: Cancel));
    }

    [Fact]
    public async Task PartitionedLongerThanSessionTimeout_ExpiredThenNewSessionConnects()
    {
        await using var proxy = TcpProxy.Start(server.Server.ClientPort);
        await using var observer = await ConnectAsync(server.ConnectionString);
        await using var client = await ConnectAsync(proxy.ConnectionString, TimeSpan.FromSeconds(2));
        var events = new SessionEventRecorder(client);
        var oldSession = client.SessionId;
        var root = await client.CreateTestRootAsync();
        var watch = new TaskCompletionSource<ZooKeeperWatchEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.ExistsAsync($"{root}/never", e => watch.TrySetResult(e), Cancel);
        await client.CreateAsync($"{root}/lease", Bytes("old"), ZooKeeperCreateMode.Ephemeral, Cancel);

        proxy.Cut();
        await events.NextAsync(ZooKeeperSessionState.Disconnected);

        // The server, still running, expires the silent session; wait until the observer sees its lease go.
        await WaitUntilAsync(async () => await observer.ExistsAsync($"{root}/lease", cancellationToken: Cancel) is null);
        proxy.Restore();
        var expired = await events.NextAsync(ZooKeeperSessionState.Expired);
        var connected = await events.NextAsync(ZooKeeperSessionState.Connected);

        Assert.Equal(oldSession, expired.SessionId);
        Assert.NotEqual(oldSession, connected.SessionId);
        Assert.Equal(connected.SessionId, client.SessionId);
        Assert.Equal(new ZooKeeperWatchEvent(ZooKeeperWatchEventType.Session, $"{root}/never", ZooKeeperSessionState.Expired), await watch.Task.Within());

        // The owner of the ephemeral node recreates it in the new session.
        await client.CreateAsync($"{root}/lease", Bytes("new"), ZooKeeperCreateMode.Ephemeral, Cancel);
        Assert.Equal(connected.SessionId, (await observer.ExistsAsync($"{root}/lease", cancellationToken: Cancel))?.EphemeralOwner);
    }
}
