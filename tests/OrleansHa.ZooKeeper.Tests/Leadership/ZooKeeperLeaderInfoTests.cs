using System.Diagnostics;
using OrleansHa.Leadership;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Tests.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Leadership;

/// <summary>What only the leader znode does: it is ephemeral, it comes back after a session expiry, and cluster ids stay apart.</summary>
public sealed class ZooKeeperLeaderInfoTests(StandaloneZooKeeperFixture server) : IClassFixture<StandaloneZooKeeperFixture>
{
    private static readonly TimeSpan ShortSession = TimeSpan.FromSeconds(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static LeaderInfo Info(long epoch, string silo = "10.0.0.1:11111@1") =>
        new(silo, epoch, new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero), "http://10.0.0.1:8081");

    private static string NewClusterId() => $"test-{Guid.NewGuid():N}";

    [Fact]
    public async Task Publish_CreatesAnEphemeralNodeOwnedByTheSharedSession()
    {
        await using var services = new ZooKeeperLeaderInfoServices(server.ConnectionString, NewClusterId());

        await services.Publisher.PublishAsync(Info(1), Cancel);

        var client = await services.ClientAsync();
        var stat = await client.ExistsAsync(services.LeaderPath, cancellationToken: Cancel);
        Assert.Equal(client.SessionId, stat?.EphemeralOwner);
    }

    [Fact]
    public async Task PublishersSessionCloses_NodeIsGoneForAnotherClient()
    {
        var clusterId = NewClusterId();
        await using var reader = new ZooKeeperLeaderInfoServices(server.ConnectionString, clusterId);
        var leader = new ZooKeeperLeaderInfoServices(server.ConnectionString, clusterId);
        await leader.Publisher.PublishAsync(Info(1), Cancel);
        Assert.Equal(Info(1), await reader.Retriever.GetAsync(Cancel));

        await leader.DisposeAsync();

        Assert.Null(await reader.Retriever.GetAsync(Cancel));
    }

    [Fact]
    public async Task NodeOfADeadLeader_NextLeaderPublishesItsEpochAfterTheSessionEnds()
    {
        var clusterId = NewClusterId();
        await using var next = new ZooKeeperLeaderInfoServices(server.ConnectionString, clusterId);
        await using (var old = new ZooKeeperLeaderInfoServices(server.ConnectionString, clusterId))
        {
            await old.Publisher.PublishAsync(Info(4, "10.0.0.4:11111@1"), Cancel);

            // While the old leader's session holds the node, a higher epoch still replaces it, and owns it.
            Assert.True(await next.Publisher.PublishAsync(Info(5, "10.0.0.5:11111@1"), Cancel));
        }

        var client = await next.ClientAsync();
        Assert.Equal(client.SessionId, (await client.ExistsAsync(next.LeaderPath, cancellationToken: Cancel))?.EphemeralOwner);
        Assert.Equal(5, (await next.Retriever.GetAsync(Cancel))?.Epoch);
    }

    [Fact]
    public async Task SessionExpires_PublisherCreatesTheNodeAgainInTheNewSession()
    {
        var clusterId = NewClusterId();
        await using var proxy = TcpProxy.Start(server.Server.ClientPort);
        await using var observer = new ZooKeeperLeaderInfoServices(server.ConnectionString, clusterId);
        await using var leader = new ZooKeeperLeaderInfoServices(proxy.ConnectionString, clusterId, ShortSession);
        await leader.Publisher.PublishAsync(Info(3), Cancel);

        // A stale call refused by the leader's own record must not make it forget that record.
        Assert.False(await leader.Publisher.PublishAsync(Info(2), Cancel));
        var oldSession = (await leader.ClientAsync()).SessionId;
        var observerClient = await observer.ClientAsync();

        await ExpireAsync(proxy, observer, leader.LeaderPath);
        var sinceRestore = Stopwatch.StartNew();

        await WaitUntilAsync(async () =>
            await observerClient.ExistsAsync(leader.LeaderPath, cancellationToken: Cancel) is { } stat
            && stat.EphemeralOwner != oldSession);
        TestContext.Current.TestOutputHelper?.WriteLine($"leader node re-created {sinceRestore.ElapsedMilliseconds} ms after the link came back");
        var newSession = (await leader.ClientAsync()).SessionId;
        Assert.NotEqual(oldSession, newSession);
        Assert.Equal(newSession, (await observerClient.ExistsAsync(leader.LeaderPath, cancellationToken: Cancel))?.EphemeralOwner);
        Assert.Equal(Info(3), await observer.Retriever.GetAsync(Cancel));
    }

    [Fact]
    public async Task SessionExpires_AfterANewerEpochWasPublished_OldLeaderDoesNotComeBack()
    {
        var clusterId = NewClusterId();
        await using var proxy = TcpProxy.Start(server.Server.ClientPort);
        await using var newer = new ZooKeeperLeaderInfoServices(server.ConnectionString, clusterId);
        await using var stale = new ZooKeeperLeaderInfoServices(proxy.ConnectionString, clusterId, ShortSession);
        await stale.Publisher.PublishAsync(Info(3), Cancel);

        await ExpireAsync(proxy, newer, stale.LeaderPath, beforeRestore: () => newer.Publisher.PublishAsync(Info(4, "10.0.0.4:11111@1"), Cancel));

        // The stale publisher tries once its new session is up, and is refused (event 1201).
        await WaitUntilAsync(() => stale.Logs.Entries.Any(e => e.EventId.Id == 1201));
        Assert.Equal(Info(4, "10.0.0.4:11111@1"), await newer.Retriever.GetAsync(Cancel));
    }

    [Fact]
    public async Task SessionExpires_AfterRevoke_NodeIsNotCreatedAgain()
    {
        var clusterId = NewClusterId();
        await using var proxy = TcpProxy.Start(server.Server.ClientPort);
        await using var observer = new ZooKeeperLeaderInfoServices(server.ConnectionString, clusterId);
        await using var leader = new ZooKeeperLeaderInfoServices(proxy.ConnectionString, clusterId, ShortSession);
        await leader.Publisher.PublishAsync(Info(3), Cancel);
        await leader.Publisher.RevokeAsync(3, Cancel);
        var client = await leader.ClientAsync();
        var oldSession = client.SessionId;

        // An ephemeral marker of the leader's session shows the observer when the server expired it.
        var marker = await client.CreateAsync($"/leader-marker-{Guid.NewGuid():N}", Bytes("x"), ZooKeeperCreateMode.Ephemeral, Cancel);
        await ExpireAsync(proxy, observer, marker);

        // The publisher looked at the new session (event 1208) and left the revoked epoch alone.
        await WaitUntilAsync(() => client.SessionId != oldSession
            && leader.Logs.Entries.Any(e => e.EventId.Id == 1208 && e.Message.Contains($"0x{client.SessionId:x}", StringComparison.Ordinal)));
        Assert.DoesNotContain(leader.Logs.Entries, e => e.EventId.Id == 1205);
        Assert.Null(await observer.Retriever.GetAsync(Cancel));
    }

    [Fact]
    public async Task Publish_LowerThanTheEpochThisProcessPublished_IsRefusedWhileItsNodeIsMissing()
    {
        await using var leader = new ZooKeeperLeaderInfoServices(server.ConnectionString, NewClusterId());
        await leader.Publisher.PublishAsync(Info(3), Cancel);
        var client = await leader.ClientAsync();
        await client.DeleteAsync(leader.LeaderPath, cancellationToken: Cancel);

        Assert.False(await leader.Publisher.PublishAsync(Info(2), Cancel));

        Assert.Null(await client.ExistsAsync(leader.LeaderPath, cancellationToken: Cancel));
        Assert.True(await leader.Publisher.PublishAsync(Info(3), Cancel));
    }

    [Fact]
    public async Task TwoClusterIds_AreKeptApart()
    {
        await using var first = new ZooKeeperLeaderInfoServices(server.ConnectionString, NewClusterId());
        await using var second = new ZooKeeperLeaderInfoServices(server.ConnectionString, NewClusterId());

        Assert.True(await first.Publisher.PublishAsync(Info(5), Cancel));
        Assert.True(await second.Publisher.PublishAsync(Info(1, "10.0.0.2:11111@1"), Cancel));
        await first.Publisher.RevokeAsync(5, Cancel);

        Assert.NotEqual(first.LeaderPath, second.LeaderPath);
        Assert.Null(await first.Retriever.GetAsync(Cancel));
        Assert.Equal(Info(1, "10.0.0.2:11111@1"), await second.Retriever.GetAsync(Cancel));
    }

    /// <summary>Cuts the publisher's link until the server expires its session (the observer sees the node go), then restores it.</summary>
    private static async Task ExpireAsync(
        TcpProxy proxy, ZooKeeperLeaderInfoServices observer, string leaderPath, Func<Task>? beforeRestore = null)
    {
        var client = await observer.ClientAsync();
        proxy.Cut();
        await WaitUntilAsync(async () => await client.ExistsAsync(leaderPath, cancellationToken: Cancel) is null);
        if (beforeRestore is not null)
        {
            await beforeRestore();
        }

        proxy.Restore();
    }
}
