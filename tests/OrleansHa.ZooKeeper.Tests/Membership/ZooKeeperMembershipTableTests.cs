using System.Diagnostics.Metrics;
using System.Text.Json;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Membership;
using OrleansHa.ZooKeeper.Tests.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;
using static OrleansHa.ZooKeeper.Tests.Membership.MembershipTestEntries;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>What the ZooKeeper table does beyond the shared contract: its znode layout, and damaged data.</summary>
public sealed class ZooKeeperMembershipTableTests(StandaloneZooKeeperFixture zooKeeper)
    : IClassFixture<StandaloneZooKeeperFixture>, IAsyncLifetime
{
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private ZooKeeperMembershipServices _services = null!;
    private IZooKeeperClient _zk = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ZooKeeperMembershipTable Table => _services.Table;

    private ZooKeeperMembershipPaths Paths => _services.Paths;

    public async ValueTask InitializeAsync()
    {
        _services = new ZooKeeperMembershipServices(zooKeeper.ConnectionString, _clusterId);
        await Table.InitializeMembershipTableAsync(true, Cancel);
        _zk = await ConnectAsync(zooKeeper.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _zk.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task InsertRow_StoresTableVersionRowJsonAndHeartbeat_InTheDesignedZnodes()
    {
        var entry = NewEntry(SiloStatus.Active);

        Assert.True(await InsertAsync(entry));

        Assert.Equal($"/orleansha/{_clusterId}/membership", Paths.TablePath);
        var table = await _zk.GetDataAsync(Paths.TablePath, cancellationToken: Cancel);
        Assert.Equal("1", Text(table.Data));
        Assert.Equal(1, table.Stat.Version);
        var row = await _zk.GetDataAsync($"{Paths.TablePath}/{entry.SiloAddress.ToParsableString()}", cancellationToken: Cancel);
        Assert.Equal(0, row.Stat.Version);
        using var json = JsonDocument.Parse(row.Data);
        Assert.Equal(1, json.RootElement.GetProperty("formatVersion").GetInt32());
        Assert.Equal(entry.SiloAddress.ToParsableString(), json.RootElement.GetProperty("siloAddress").GetString());
        Assert.Equal("Active", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(entry.ProxyPort, json.RootElement.GetProperty("proxyPort").GetInt32());
        var alive = await _zk.GetDataAsync($"{Paths.TablePath}/{entry.SiloAddress.ToParsableString()}/alive", cancellationToken: Cancel);
        Assert.Equal(entry.IAmAliveTime, DateTime.Parse(Text(alive.Data), null, System.Globalization.DateTimeStyles.RoundtripKind));
    }

    [Fact]
    public async Task UpdateIAmAlive_WritesOnlyTheHeartbeatNode()
    {
        var entry = NewEntry(SiloStatus.Active);
        Assert.True(await InsertAsync(entry));
        var tableBefore = await _zk.ExistsAsync(Paths.TablePath, cancellationToken: Cancel);
        var rowBefore = await _zk.ExistsAsync(Paths.RowPath(entry.SiloAddress), cancellationToken: Cancel);

        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = DateTime.UtcNow }, Cancel);

        Assert.Equal(tableBefore, await _zk.ExistsAsync(Paths.TablePath, cancellationToken: Cancel));
        Assert.Equal(rowBefore, await _zk.ExistsAsync(Paths.RowPath(entry.SiloAddress), cancellationToken: Cancel));
        Assert.Equal(1, (await _zk.ExistsAsync(Paths.AlivePath(entry.SiloAddress), cancellationToken: Cancel))!.Version);
    }

    [Fact]
    public async Task UpdateRow_CarryingAnOlderHeartbeat_DoesNotMoveTheHeartbeatBack()
    {
        var entry = NewEntry(SiloStatus.Active, DateTime.UtcNow.AddMinutes(-1));
        Assert.True(await InsertAsync(entry));
        var read = await Table.ReadAllAsync(Cancel);
        var heartbeat = DateTime.UtcNow;
        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = heartbeat }, Cancel);

        // Another silo votes with the row as it read it before the heartbeat.
        var (stale, etag) = read.Row(entry.SiloAddress);
        var vote = stale.With(e => e.AddSuspector(NewSiloAddress(), DateTime.UtcNow));
        Assert.True(await Table.UpdateRowAsync(vote, etag, read.Version.Next(), Cancel));

        var stored = (await Table.ReadAllAsync(Cancel)).Row(entry.SiloAddress).Entry;
        Assert.Equal(heartbeat, stored.IAmAliveTime);
        Assert.Single(stored.SuspectTimes!);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"formatVersion\":1,\"siloAddress\":\"garbage\"}")]
    [InlineData("{\"formatVersion\":99,\"siloAddress\":\"127.0.0.1:11111@1\"}")]
    [InlineData("")]
    public async Task ReadAll_WithACorruptRow_LogsItsPathAndReturnsTheOtherRows(string corruptData)
    {
        var healthy = NewEntry(SiloStatus.Active);
        var corrupt = NewEntry(SiloStatus.Active);
        Assert.True(await InsertAsync(healthy));
        Assert.True(await InsertAsync(corrupt));
        var corruptPath = Paths.RowPath(corrupt.SiloAddress);
        await _zk.SetDataAsync(corruptPath, Bytes(corruptData), cancellationToken: Cancel);

        var table = await Table.ReadAllAsync(Cancel);
        var row = await Table.ReadRowAsync(corrupt.SiloAddress, Cancel);
        var gateways = await _services.Gateways.GetGatewaysAsync(Cancel);

        Assert.Equal(healthy.SiloAddress, Assert.Single(table.Members).Item1.SiloAddress);
        Assert.Equal(2, table.Version.Version);
        Assert.Empty(row.Members);
        Assert.Single(gateways);
        // Every read that meets the row says so, with the znode to repair.
        var warnings = _services.Logs.Entries.Where(e => e.EventId.Id == 1111).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, warning =>
        {
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
            Assert.Contains(corruptPath, warning.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ReadAll_WhenTheTableNodeHoldsNoVersion_ThrowsNamingTheNode()
    {
        await _zk.SetDataAsync(Paths.TablePath, Bytes("seven"), cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperMembershipException>(() => Table.ReadAllAsync(Cancel));

        Assert.Contains(Paths.TablePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeMembershipTable_UnderANestedRootPath_CreatesEveryParent()
    {
        var root = $"/nested-{Guid.NewGuid():N}/a/b";
        await using var nested = new ZooKeeperMembershipServices(zooKeeper.ConnectionString, _clusterId, options => options.RootPath = root);

        await nested.Table.InitializeMembershipTableAsync(true, Cancel);
        Assert.True(await nested.Table.InsertRowAsync(NewEntry(), (await nested.Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        Assert.Single((await _zk.GetChildrenAsync($"{root}/{_clusterId}/membership", cancellationToken: Cancel)).Names);
        Assert.Empty((await Table.ReadAllAsync(Cancel)).Members);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesTheRowAndItsHeartbeatNode()
    {
        var dead = NewEntry(SiloStatus.Dead, DateTime.UtcNow.AddDays(-10));
        var rowWithoutHeartbeat = NewEntry(SiloStatus.Dead, DateTime.UtcNow.AddDays(-10));
        Assert.True(await InsertAsync(dead));
        Assert.True(await InsertAsync(rowWithoutHeartbeat));
        await _zk.DeleteAsync(Paths.AlivePath(rowWithoutHeartbeat.SiloAddress), cancellationToken: Cancel);

        await Table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-1), Cancel);

        Assert.Empty((await _zk.GetChildrenAsync(Paths.TablePath, cancellationToken: Cancel)).Names);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_KeepsTheClusterNodeWhileItHoldsMoreThanMembership()
    {
        Assert.True(await InsertAsync(NewEntry()));
        var leader = await _zk.CreateAsync($"{Paths.ClusterPath}/leader", Bytes("{}"), ZooKeeperCreateMode.Ephemeral, Cancel);

        await Table.DeleteMembershipTableEntriesAsync(_clusterId, Cancel);

        Assert.Null(await _zk.ExistsAsync(Paths.TablePath, cancellationToken: Cancel));
        Assert.NotNull(await _zk.ExistsAsync(leader, cancellationToken: Cancel));
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_OfAnEmptyCluster_RemovesTheClusterNodeToo()
    {
        Assert.True(await InsertAsync(NewEntry()));

        await Table.DeleteMembershipTableEntriesAsync(_clusterId, Cancel);
        await Table.DeleteMembershipTableEntriesAsync(_clusterId, Cancel);

        Assert.Null(await _zk.ExistsAsync(Paths.ClusterPath, cancellationToken: Cancel));
    }

    [Fact]
    public async Task GetGateways_BeforeAnySiloCreatedTheTable_ReturnsNoGateways()
    {
        await using var client = new ZooKeeperMembershipServices(zooKeeper.ConnectionString, $"{_clusterId}-empty");

        await client.Gateways.InitializeGatewayListProviderAsync(Cancel);

        Assert.Empty(await client.Gateways.GetGatewaysAsync(Cancel));
        Assert.Contains(client.Logs.Entries, e => e.EventId.Id == 1130);
    }

    [Fact]
    public async Task ConditionalWrites_AreCountedByOperationAndOutcome_UnderTheClusterId()
    {
        var outcomes = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ZooKeeperMembershipMetrics.MeterName && instrument.Name == "orleansha.membership.writes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(tagged["cluster"], _clusterId))
            {
                lock (outcomes)
                {
                    outcomes.Add($"{tagged["operation"]}:{tagged["outcome"]}:{value}");
                }
            }
        });
        listener.Start();
        var entry = NewEntry();

        Assert.True(await InsertAsync(entry));
        Assert.False(await InsertAsync(entry));

        Assert.Equal(["InsertRow:accepted:1", "InsertRow:rejected:1"], outcomes);
    }

    private async Task<bool> InsertAsync(MembershipEntry entry) =>
        await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel);
}
