using Xunit;
using static OrleansHa.ZooKeeper.Tests.Membership.MembershipTestEntries;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>
/// The contract of Orleans' <see cref="IMembershipTable"/> (10.x) and of a gateway list provider on the same data,
/// for any backend: a subclass supplies the table, every test runs against it under a fresh cluster id.
/// </summary>
public abstract class MembershipTableContractTests : IAsyncLifetime
{
    private static readonly TimeSpan ConcurrencyBound = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly List<MembershipTableUnderTest> _created = [];

    protected string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    protected IMembershipTable Table { get; private set; } = null!;

    protected Orleans.Messaging.IGatewayListProvider Gateways { get; private set; } = null!;

    /// <summary>A table and gateway list provider of the backend under test for <paramref name="clusterId"/>, not yet initialized.</summary>
    protected abstract Task<MembershipTableUnderTest> CreateAsync(string clusterId);

    public async ValueTask InitializeAsync()
    {
        var underTest = await CreateInitializedAsync(ClusterId);
        Table = underTest.Table;
        Gateways = underTest.Gateways;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var underTest in _created)
        {
            await underTest.Owner.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected async Task<MembershipTableUnderTest> CreateInitializedAsync(string clusterId)
    {
        var underTest = await CreateAsync(clusterId);
        _created.Add(underTest);
        await underTest.Table.InitializeMembershipTableAsync(true, Cancel);
        await underTest.Gateways.InitializeGatewayListProviderAsync(Cancel);
        return underTest;
    }

    [Fact]
    public async Task ReadAll_EmptyTable_ReturnsNoRowsAndVersionZero()
    {
        var table = await Table.ReadAllAsync(Cancel);

        Assert.Empty(table.Members);
        Assert.Equal(0, table.Version.Version);
        Assert.False(string.IsNullOrEmpty(table.Version.VersionEtag));
    }

    [Fact]
    public async Task InitializeMembershipTable_Twice_KeepsRowsAndVersion()
    {
        var entry = NewEntry();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var before = await Table.ReadAllAsync(Cancel);

        await Table.InitializeMembershipTableAsync(true, Cancel);

        var after = await Table.ReadAllAsync(Cancel);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Row(entry.SiloAddress).Etag, after.Row(entry.SiloAddress).Etag);
    }

    [Fact]
    public async Task InsertRow_WithNextVersion_AddsTheRowAndMovesVersionAndEtag()
    {
        var empty = await Table.ReadAllAsync(Cancel);
        var entry = NewEntry();

        Assert.True(await Table.InsertRowAsync(entry, empty.Version.Next(), Cancel));

        var table = await Table.ReadAllAsync(Cancel);
        Assert.Equal(1, table.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, table.Version.VersionEtag);
        var (stored, etag) = Assert.Single(table.Members);
        Assert.Equal(entry.ToFullString(), stored.ToFullString());
        Assert.False(string.IsNullOrEmpty(etag));
    }

    [Fact]
    public async Task ReadRow_AfterInsert_ReturnsEveryFieldWithEtagAndTableVersion()
    {
        var entry = NewEntry(SiloStatus.Active).With(e => e.SuspectTimes =
        [
            Tuple.Create(NewSiloAddress(), DateTime.UtcNow.AddSeconds(-2)),
            Tuple.Create(NewSiloAddress(), DateTime.UtcNow.AddSeconds(-1)),
        ]);
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        var read = await Table.ReadRowAsync(entry.SiloAddress, Cancel);

        Assert.Equal(1, read.Version.Version);
        var (stored, etag) = Assert.Single(read.Members);
        Assert.Equal(entry.ToFullString(), stored.ToFullString());
        Assert.Equal(entry.StartTime, stored.StartTime);
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(entry.SuspectTimes!.Select(v => (v.Item1, v.Item2)), stored.SuspectTimes!.Select(v => (v.Item1, v.Item2)));
        Assert.Equal((await Table.ReadAllAsync(Cancel)).Row(entry.SiloAddress).Etag, etag);
    }

    [Fact]
    public async Task ReadRow_MissingRow_ReturnsNoRowAndTheTableVersion()
    {
        Assert.True(await Table.InsertRowAsync(NewEntry(), (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        var read = await Table.ReadRowAsync(NewSiloAddress(), Cancel);

        Assert.Empty(read.Members);
        Assert.Equal(1, read.Version.Version);
    }

    [Fact]
    public async Task ReadAll_AfterSeveralInserts_ReturnsEveryRowWithItsOwnEtag()
    {
        var entries = Enumerable.Range(0, 5).Select(_ => NewEntry()).ToList();
        foreach (var entry in entries)
        {
            Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        }

        var table = await Table.ReadAllAsync(Cancel);

        Assert.Equal(entries.Count, table.Version.Version);
        Assert.Equal(entries.Count, table.Members.Count);
        foreach (var entry in entries)
        {
            Assert.Equal(entry.ToFullString(), table.Row(entry.SiloAddress).Entry.ToFullString());
        }
    }

    [Fact]
    public async Task UpdateRow_WithCurrentEtags_ReplacesTheRowAndMovesBothEtags()
    {
        var entry = NewEntry();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var before = await Table.ReadAllAsync(Cancel);
        var updated = entry.With(e =>
        {
            e.Status = SiloStatus.Active;
            e.AddSuspector(NewSiloAddress(), DateTime.UtcNow);
        });

        Assert.True(await Table.UpdateRowAsync(updated, before.Row(entry.SiloAddress).Etag, before.Version.Next(), Cancel));

        var after = await Table.ReadAllAsync(Cancel);
        Assert.Equal(2, after.Version.Version);
        Assert.NotEqual(before.Version.VersionEtag, after.Version.VersionEtag);
        Assert.NotEqual(before.Row(entry.SiloAddress).Etag, after.Row(entry.SiloAddress).Etag);
        Assert.Equal(updated.ToFullString(), after.Row(entry.SiloAddress).Entry.ToFullString());
    }

    [Fact]
    public async Task UpdateRow_WithStaleTableVersion_ReturnsFalseAndChangesNothing()
    {
        var entry = NewEntry();
        var staleVersion = (await Table.ReadAllAsync(Cancel)).Version.Next();
        Assert.True(await Table.InsertRowAsync(entry, staleVersion, Cancel));
        var before = await Table.ReadAllAsync(Cancel);

        var accepted = await Table.UpdateRowAsync(entry.With(e => e.Status = SiloStatus.Dead), before.Row(entry.SiloAddress).Etag, staleVersion, Cancel);

        Assert.False(accepted);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task UpdateRow_WithStaleRowEtag_ReturnsFalseAndChangesNothing()
    {
        var entry = NewEntry();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var first = await Table.ReadAllAsync(Cancel);
        var staleEtag = first.Row(entry.SiloAddress).Etag;
        Assert.True(await Table.UpdateRowAsync(entry.With(e => e.Status = SiloStatus.Active), staleEtag, first.Version.Next(), Cancel));
        var before = await Table.ReadAllAsync(Cancel);

        var accepted = await Table.UpdateRowAsync(entry.With(e => e.Status = SiloStatus.Dead), staleEtag, before.Version.Next(), Cancel);

        Assert.False(accepted);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task UpdateRow_WithAnEtagTheTableNeverIssued_ReturnsFalseAndChangesNothing()
    {
        var entry = NewEntry();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var before = await Table.ReadAllAsync(Cancel);

        var accepted = await Table.UpdateRowAsync(entry.With(e => e.Status = SiloStatus.Dead), "not-an-etag", before.Version.Next(), Cancel);

        Assert.False(accepted);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task UpdateRow_MissingRow_ReturnsFalseAndChangesNothing()
    {
        Assert.True(await Table.InsertRowAsync(NewEntry(), (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var before = await Table.ReadAllAsync(Cancel);
        var etagOfAnotherRow = before.Members[0].Item2;

        var accepted = await Table.UpdateRowAsync(NewEntry(), etagOfAnotherRow, before.Version.Next(), Cancel);

        Assert.False(accepted);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task InsertRow_WithStaleTableVersion_ReturnsFalseAndChangesNothing()
    {
        var staleVersion = (await Table.ReadAllAsync(Cancel)).Version.Next();
        Assert.True(await Table.InsertRowAsync(NewEntry(), staleVersion, Cancel));
        var before = await Table.ReadAllAsync(Cancel);

        var accepted = await Table.InsertRowAsync(NewEntry(), staleVersion, Cancel);

        Assert.False(accepted);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task InsertRow_Duplicate_ReturnsFalseAndChangesNothing()
    {
        var entry = NewEntry();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var before = await Table.ReadAllAsync(Cancel);

        var accepted = await Table.InsertRowAsync(entry.With(e => e.Status = SiloStatus.Active), before.Version.Next(), Cancel);

        Assert.False(accepted);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task InsertRow_TwentyInParallelForOneRow_ExactlyOneWins()
    {
        var entry = NewEntry();
        var version = (await Table.ReadAllAsync(Cancel)).Version.Next();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Table.InsertRowAsync(entry, version, Cancel))))
            .WaitAsync(ConcurrencyBound, Cancel);

        Assert.Single(results, accepted => accepted);
        var table = await Table.ReadAllAsync(Cancel);
        Assert.Equal(1, table.Version.Version);
        Assert.Single(table.Members);
    }

    [Fact]
    public async Task UpdateRow_NineteenParallelUpdatersRetryingOnConflict_EndAtVersionTwenty()
    {
        var entry = NewEntry();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        // Each updater rereads and retries until its one update lands: 1 insert + 19 updates = version 20.
        var updaters = Enumerable.Range(0, 19).Select(updater => Task.Run(async () =>
        {
            var attempts = 0;
            while (true)
            {
                attempts++;
                var table = await Table.ReadAllAsync(Cancel);
                var (current, etag) = table.Row(entry.SiloAddress);
                if (await Table.UpdateRowAsync(current.With(e => e.FaultZone = updater), etag, table.Version.Next(), Cancel))
                {
                    return attempts;
                }
            }
        }));
        var attempts = await Task.WhenAll(updaters).WaitAsync(ConcurrencyBound, Cancel);

        var final = await Table.ReadAllAsync(Cancel);
        Assert.Equal(20, final.Version.Version);
        Assert.Single(final.Members);
        Assert.True(attempts.Sum() > attempts.Length, "the updaters never conflicted, so the test proved nothing");
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheHeartbeat_KeepingTableVersionAndEtags()
    {
        var entry = NewEntry(SiloStatus.Active, DateTime.UtcNow.AddMinutes(-1));
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var before = await Table.ReadAllAsync(Cancel);
        var heartbeat = DateTime.UtcNow;

        // What Orleans passes: the silo address and the new time, nothing else.
        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = heartbeat }, Cancel);

        var after = await Table.ReadAllAsync(Cancel);
        Assert.Equal(before.Version, after.Version);
        var (stored, etag) = after.Row(entry.SiloAddress);
        Assert.Equal(before.Row(entry.SiloAddress).Etag, etag);
        Assert.True((stored.IAmAliveTime - heartbeat).Duration() < TimeSpan.FromSeconds(1), $"heartbeat {stored.IAmAliveTime:O}, expected {heartbeat:O}");
        Assert.Equal(entry.With(e => e.IAmAliveTime = stored.IAmAliveTime).ToFullString(), stored.ToFullString());

        // The etags read before the heartbeat still guard a write.
        Assert.True(await Table.UpdateRowAsync(stored.With(e => e.Status = SiloStatus.ShuttingDown), etag, after.Version.Next(), Cancel));
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOnlyDeadRowsLastSeenBeforeTheCutoff()
    {
        var cutoff = DateTime.UtcNow.AddDays(-1);
        var longAgo = cutoff.AddDays(-3);
        var defunct = new[] { NewEntry(SiloStatus.Dead, longAgo), NewEntry(SiloStatus.Dead, longAgo) };

        // Orleans 10.4 removes Dead rows only, by their last sign of life: start, heartbeat or a vote against them.
        var kept = new[] { SiloStatus.None, SiloStatus.Created, SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Stopping }
            .Select(status => NewEntry(status, longAgo))
            .Append(NewEntry(SiloStatus.Dead))
            .Append(NewEntry(SiloStatus.Dead, longAgo).With(e => e.StartTime = cutoff.AddHours(1)))
            .Append(NewEntry(SiloStatus.Dead, longAgo).With(e => e.IAmAliveTime = cutoff.AddHours(1)))
            .Append(NewEntry(SiloStatus.Dead, longAgo).With(e => e.AddSuspector(NewSiloAddress(), cutoff.AddHours(1))))
            .ToList();
        foreach (var entry in defunct.Concat(kept))
        {
            Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        }

        await Table.CleanupDefunctSiloEntriesAsync(cutoff, Cancel);
        await Table.CleanupDefunctSiloEntriesAsync(cutoff, Cancel);

        var table = await Table.ReadAllAsync(Cancel);
        Assert.Equal(
            kept.Select(e => e.SiloAddress).Order(),
            table.Members.Select(row => row.Item1.SiloAddress).Order());
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_RemovesItsOwnClusterOnly()
    {
        var other = await CreateInitializedAsync($"{ClusterId}-other");
        var otherEntry = NewEntry();
        Assert.True(await other.Table.InsertRowAsync(otherEntry, (await other.Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        var otherBefore = await other.Table.ReadAllAsync(Cancel);
        Assert.True(await Table.InsertRowAsync(NewEntry(), (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        await Table.DeleteMembershipTableEntriesAsync(ClusterId, Cancel);

        await Table.InitializeMembershipTableAsync(true, Cancel);
        var own = await Table.ReadAllAsync(Cancel);
        Assert.Empty(own.Members);
        Assert.Equal(0, own.Version.Version);
        var otherAfter = await other.Table.ReadAllAsync(Cancel);
        Assert.Equal(otherBefore.Version, otherAfter.Version);
        Assert.Equal(otherBefore.Row(otherEntry.SiloAddress).Etag, otherAfter.Row(otherEntry.SiloAddress).Etag);
    }

    [Fact]
    public async Task TwoClusterIds_OnOneBackend_KeepSeparateRowsAndVersions()
    {
        var other = await CreateInitializedAsync($"{ClusterId}-other");
        var entry = NewEntry(SiloStatus.Active);
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        Assert.True(await Table.InsertRowAsync(NewEntry(), (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));

        var otherTable = await other.Table.ReadAllAsync(Cancel);
        Assert.Empty(otherTable.Members);
        Assert.Equal(0, otherTable.Version.Version);
        Assert.Empty(await other.Gateways.GetGatewaysAsync(Cancel));

        // The same silo may join the other cluster at that cluster's own version.
        Assert.True(await other.Table.InsertRowAsync(entry, otherTable.Version.Next(), Cancel));
        Assert.Equal(1, (await other.Table.ReadAllAsync(Cancel)).Version.Version);
        Assert.Equal(2, (await Table.ReadAllAsync(Cancel)).Version.Version);
    }

    [Fact]
    public async Task GetGateways_ReturnsTheProxyEndpointsOfActiveRowsOnly()
    {
        var entries = Enumerable.Range(0, 6).Select(_ => NewEntry()).ToList();
        entries[1].Status = SiloStatus.Active;
        entries[2].Status = SiloStatus.Active;
        entries[3].Status = SiloStatus.Active;
        entries[3].ProxyPort = 0;
        entries[4].Status = SiloStatus.Dead;
        entries[5].Status = SiloStatus.ShuttingDown;
        foreach (var entry in entries)
        {
            Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(Cancel)).Version.Next(), Cancel));
        }

        var gateways = await Gateways.GetGatewaysAsync(Cancel);

        var expected = new[] { entries[1], entries[2] }
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri());
        Assert.Equal(expected.Select(uri => uri.ToString()).Order(), gateways.Select(uri => uri.ToString()).Order());
        Assert.True(Gateways.MaxStaleness > TimeSpan.Zero);
    }

    [Fact]
    public async Task ReadAll_WhileWritersUpdateRows_NeverReturnsATornSnapshot()
    {
        // Every write stamps the row it changes with the table version it moves to, so in any consistent
        // snapshot the highest stamp equals the table version; a torn read breaks that.
        var silos = new List<SiloAddress>();
        for (var i = 0; i < 4; i++)
        {
            var table = await Table.ReadAllAsync(Cancel);
            var entry = NewEntry().With(e => e.UpdateZone = table.Version.Version + 1);
            Assert.True(await Table.InsertRowAsync(entry, table.Version.Next(), Cancel));
            silos.Add(entry.SiloAddress);
        }

        const int WritesWanted = 60;
        var writes = 0;
        var snapshots = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(writer => Task.Run(async () =>
        {
            while (Volatile.Read(ref writes) < WritesWanted)
            {
                var table = await Table.ReadAllAsync(Cancel);
                var (entry, etag) = table.Row(silos[Random.Shared.Next(silos.Count)]);
                var next = table.Version.Next();
                if (await Table.UpdateRowAsync(entry.With(e => e.UpdateZone = next.Version), etag, next, Cancel))
                {
                    Interlocked.Increment(ref writes);
                }
            }
        }));
        var readers = Enumerable.Range(0, 3).Select(reader => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var table = await Table.ReadAllAsync(Cancel);
                Assert.Equal(silos.Count, table.Members.Count);
                Assert.Equal(table.Version.Version, table.Members.Max(row => row.Item1.UpdateZone));
                Interlocked.Increment(ref snapshots);
            }
        })).ToList();

        await Task.WhenAll(writers).WaitAsync(ConcurrencyBound, Cancel);
        await stop.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(ConcurrencyBound, Cancel);

        Assert.True(snapshots > 0);
        Assert.Equal(4 + writes, (await Table.ReadAllAsync(Cancel)).Version.Version);
    }

    private async Task AssertUnchangedAsync(MembershipTableData before)
    {
        var after = await Table.ReadAllAsync(Cancel);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(
            before.Members.Select(row => (row.Item1.ToFullString(), row.Item2)).Order(),
            after.Members.Select(row => (row.Item1.ToFullString(), row.Item2)).Order());
    }
}
