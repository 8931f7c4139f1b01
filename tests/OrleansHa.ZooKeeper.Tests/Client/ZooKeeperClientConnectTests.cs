using OrleansHa.Testing;
using OrleansHa.ZooKeeper.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>Opening sessions: validation, failures within the connect timeout, chroot.</summary>
public sealed class ZooKeeperClientConnectTests(StandaloneZooKeeperFixture server) : IClassFixture<StandaloneZooKeeperFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("127.0.0.1", "no port")]
    [InlineData("127.0.0.1:", "not a number")]
    [InlineData("127.0.0.1:zk", "not a number")]
    [InlineData("127.0.0.1:70000", "not a number from 1 to 65535")]
    [InlineData(":2181", "no host")]
    [InlineData("127.0.0.1:2181,", "empty server entry")]
    [InlineData("/chroot", "empty server entry")]
    [InlineData("127.0.0.1:2181, 127.0.0.1:2182", "whitespace")]
    [InlineData("127.0.0.1:2181/a//b", "chroot")]
    [InlineData("127.0.0.1:2181/a/", "chroot")]
    public async Task Connect_MalformedConnectionString_ThrowsArgumentExceptionSayingWhatAndGivingAnExample(
        string connectionString, string problem)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ZooKeeperClientFactory().ConnectAsync(
            connectionString, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), Cancel));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(ZooKeeperConnectionString.Example, error.Message, StringComparison.Ordinal);
        Assert.Equal("connectionString", error.ParamName);
    }

    [Fact]
    public void Parse_ServersAndChroot_AreRead()
    {
        var parsed = ZooKeeperConnectionString.Parse("zk1.example:2181,10.0.0.2:2182/orleans/ha");

        Assert.Equal([("zk1.example", 2181), ("10.0.0.2", 2182)], parsed.Servers);
        Assert.Equal("/orleans/ha", parsed.Chroot);
        Assert.Null(ZooKeeperConnectionString.Parse("127.0.0.1:2181/").Chroot);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Connect_NonPositiveTimeout_ThrowsArgumentOutOfRange(int seconds)
    {
        var factory = new ZooKeeperClientFactory();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => factory.ConnectAsync(
            server.ConnectionString, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(10), Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => factory.ConnectAsync(
            server.ConnectionString, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(seconds), Cancel));
    }

    [Fact]
    public async Task Connect_NothingListening_ThrowsConnectionExceptionNamingTheConnectionString()
    {
        var connectionString = $"127.0.0.1:{FreePorts.Take(1)[0]}";

        var error = await Assert.ThrowsAsync<ZooKeeperConnectionException>(() => new ZooKeeperClientFactory()
            .ConnectAsync(connectionString, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), Cancel)
            .Within());

        Assert.Equal(connectionString, error.ConnectionString);
        Assert.Contains($"'{connectionString}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_HostThatDoesNotResolve_ThrowsConnectionException()
    {
        const string connectionString = "zookeeper.invalid:2181";

        var error = await Assert.ThrowsAsync<ZooKeeperConnectionException>(() => new ZooKeeperClientFactory()
            .ConnectAsync(connectionString, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), Cancel)
            .Within());

        Assert.Contains($"'{connectionString}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var connect = new ZooKeeperClientFactory().ConnectAsync(
            $"127.0.0.1:{FreePorts.Take(1)[0]}", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), cancellation.Token);

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.Within());
    }

    [Fact]
    public async Task Connect_ServerUp_IsConnectedWithASessionId()
    {
        await using var client = await ConnectAsync(server.ConnectionString);

        Assert.Equal(ZooKeeperSessionState.Connected, client.State);
        Assert.NotEqual(0, client.SessionId);
        Assert.Equal(server.ConnectionString, client.ConnectionString);
    }

    [Fact]
    public async Task Connect_WithChroot_PrefixesEveryPath()
    {
        await using var root = await ConnectAsync(server.ConnectionString);
        var chroot = await root.CreateTestRootAsync();

        await using var chrooted = await ConnectAsync(server.ConnectionString + chroot);
        var created = await chrooted.CreateAsync("/inside", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);

        Assert.Equal("/inside", created);
        Assert.Equal("x", Text((await root.GetDataAsync($"{chroot}/inside", cancellationToken: Cancel)).Data));
        Assert.Equal(["inside"], (await chrooted.GetChildrenAsync("/", cancellationToken: Cancel)).Names);
    }

    [Fact]
    public async Task Dispose_ThenCall_ThrowsObjectDisposed()
    {
        var client = await ConnectAsync(server.ConnectionString);

        await client.DisposeAsync();
        await client.DisposeAsync();

        Assert.Equal(ZooKeeperSessionState.Closed, client.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ExistsAsync("/", cancellationToken: Cancel));
    }

    [Fact]
    public async Task Dispose_WithCallsInFlight_SettlesEveryCall()
    {
        var client = await ConnectAsync(server.ConnectionString);
        var root = await client.CreateTestRootAsync();
        var calls = Enumerable.Range(0, 500)
            .Select(i => client.CreateAsync($"{root}/n{i}", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel))
            .ToList();

        await client.DisposeAsync();
        var settled = await Task.WhenAll(calls.Select(Settle)).Within();

        // Each call either completed or failed with a ZooKeeper error: none hangs, none leaks a raw exception.
        Assert.All(settled, outcome => Assert.True(outcome is null or ZooKeeperException, $"unexpected {outcome}"));
    }

    private static async Task<Exception?> Settle(Task call)
    {
        try
        {
            await call;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
