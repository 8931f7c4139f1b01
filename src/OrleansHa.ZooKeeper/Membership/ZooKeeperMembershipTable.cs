using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Configuration;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>
/// Orleans' membership table in ZooKeeper, in the layout of <see cref="ZooKeeperMembershipPaths"/>. Every
/// conditional write is one multi transaction that sets the table node at the expected etag (its node version),
/// so a row and the table version change together or not at all; heartbeats go to a separate node without
/// touching either etag.
/// </summary>
internal sealed class ZooKeeperMembershipTable : IMembershipTable
{
    // A snapshot read retries while writers keep moving the table; Orleans retries a failed refresh itself.
    private const int MaxSnapshotAttempts = 20;
    private const int MaxDeleteAttempts = 5;

    private readonly ZooKeeperClusteringSession _session;
    private readonly ZooKeeperClusteringOptions _options;
    private ZooKeeperMembershipPaths? _paths;
    private readonly string _clusterId;
    private readonly ILogger _logger;

    public ZooKeeperMembershipTable(
        ZooKeeperClusteringSession session,
        IOptions<ZooKeeperClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<ZooKeeperMembershipTable> logger)
    {
        _session = session;
        _options = options.Value;
        _clusterId = clusterOptions.Value.ClusterId;
        _logger = logger;
    }

    // Built on first use rather than here: a client resolves this table before Orleans runs the options
    // validator, which names a bad RootPath better than the paths' own ArgumentException would.
    internal ZooKeeperMembershipPaths Paths => _paths ??= new ZooKeeperMembershipPaths(_options.RootPath, _clusterId);

    public Task InitializeMembershipTable(bool tryInitTableVersion) =>
        InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) =>
        InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) =>
        UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        var client = await _session.GetClientAsync(cancellationToken);
        if (!tryInitTableVersion)
        {
            return;
        }

        foreach (var path in Paths.ClusterPathAndParents())
        {
            await CreateIfMissingAsync(client, path, ReadOnlyMemory<byte>.Empty, cancellationToken);
        }

        if (await CreateIfMissingAsync(client, Paths.TablePath, MembershipRowSerializer.SerializeTableVersion(0), cancellationToken))
        {
            _logger.TableCreated(Paths.TablePath);
        }
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        ReadSnapshotAsync(only: null, cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        ReadSnapshotAsync(only: key, cancellationToken);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var rowPath = Paths.RowPath(entry.SiloAddress);
        if (!TryParseEtag(tableVersion.VersionEtag, nameof(InsertRow), rowPath, out var tableEtag))
        {
            return false;
        }

        return await TryCommitAsync(
            nameof(InsertRow),
            rowPath,
            [
                SetTableVersion(tableVersion.Version, tableEtag),
                new ZooKeeperOperation.Create(rowPath, MembershipRowSerializer.SerializeRow(entry)),
                new ZooKeeperOperation.Create(
                    Paths.AlivePath(entry.SiloAddress), MembershipRowSerializer.SerializeTime(entry.IAmAliveTime)),
            ],
            cancellationToken);
    }

    public async Task<bool> UpdateRowAsync(
        MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var rowPath = Paths.RowPath(entry.SiloAddress);
        if (!TryParseEtag(tableVersion.VersionEtag, nameof(UpdateRow), rowPath, out var tableEtag)
            || !TryParseEtag(etag, nameof(UpdateRow), rowPath, out var rowEtag))
        {
            return false;
        }

        // The heartbeat node is left alone: an update carries the heartbeat of the writer's last read, which may
        // be older than the one the silo wrote since. Reads take the later of the two.
        return await TryCommitAsync(
            nameof(UpdateRow),
            rowPath,
            [
                SetTableVersion(tableVersion.Version, tableEtag),
                new ZooKeeperOperation.SetData(rowPath, MembershipRowSerializer.SerializeRow(entry), rowEtag),
            ],
            cancellationToken);
    }

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        var client = await _session.GetClientAsync(cancellationToken);
        await client.SetDataAsync(
            Paths.AlivePath(entry.SiloAddress), MembershipRowSerializer.SerializeTime(entry.IAmAliveTime), -1, cancellationToken);
    }

    /// <summary>
    /// Removes the rows of Dead silos whose last sign of life (start, heartbeat or a vote against them) is older
    /// than <paramref name="beforeDate"/>, each with its heartbeat node: Orleans 10.4's contract.
    /// </summary>
    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var client = await _session.GetClientAsync(cancellationToken);
        var snapshot = await ReadSnapshotAsync(only: null, cancellationToken);
        foreach (var (entry, etag) in snapshot.Members)
        {
            var lastUpdate = LastUpdate(entry);
            if (entry.Status != SiloStatus.Dead || lastUpdate >= beforeDate.UtcDateTime)
            {
                continue;
            }

            var rowName = ZooKeeperMembershipPaths.RowName(entry.SiloAddress);
            var rowEtag = int.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);
            if (await TryDeleteRowAsync(client, rowName, rowEtag, cancellationToken))
            {
                _logger.DefunctRowRemoved(Paths.RowPath(rowName), entry.Status, lastUpdate, beforeDate);
                ZooKeeperMembershipMetrics.RowRemoved(_clusterId);
            }
        }
    }

    /// <summary>Deletes the membership table of <paramref name="clusterId"/>, and its cluster node when nothing else is left there.</summary>
    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        var client = await _session.GetClientAsync(cancellationToken);
        var paths = new ZooKeeperMembershipPaths(_options.RootPath, clusterId);
        await DeleteTreeAsync(client, paths.TablePath, cancellationToken);
        try
        {
            await client.DeleteAsync(paths.ClusterPath, -1, cancellationToken);
        }
        catch (ZooKeeperException e) when (e.Code is ZooKeeperErrorCode.NoNode or ZooKeeperErrorCode.NotEmpty)
        {
            // Gone already, or it holds more than membership (the leader node): not ours to delete.
        }

        _logger.TableDeleted(paths.TablePath, clusterId);
    }

    /// <summary>
    /// Reads the table version, the row names and the rows, then the table etag again, and starts over when a
    /// conditional write moved the table meanwhile: the result is the table as it was at one instant.
    /// </summary>
    private async Task<MembershipTableData> ReadSnapshotAsync(SiloAddress? only, CancellationToken cancellationToken)
    {
        var client = await _session.GetClientAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var table = await client.GetDataAsync(Paths.TablePath, null, cancellationToken);
            var tableVersion = ParseTableVersion(table);
            IReadOnlyList<string> rowNames = only is null
                ? (await client.GetChildrenAsync(Paths.TablePath, null, cancellationToken)).Names
                : [ZooKeeperMembershipPaths.RowName(only)];
            var rows = await Task.WhenAll(rowNames.Select(name => ReadStoredRowAsync(client, name, cancellationToken)));
            var after = await client.ExistsAsync(Paths.TablePath, null, cancellationToken)
                ?? throw new ZooKeeperNoNodeException("exists", Paths.TablePath);
            if (after.Version == table.Stat.Version)
            {
                return new MembershipTableData(rows.OfType<Tuple<MembershipEntry, string>>().ToList(), tableVersion);
            }

            if (attempt == MaxSnapshotAttempts)
            {
                throw new ZooKeeperMembershipException(
                    $"The membership table {Paths.TablePath} changed during each of {MaxSnapshotAttempts} reads, so no " +
                    "consistent snapshot could be taken. Orleans retries; if this persists, look for a writer looping on it.");
            }

            _logger.SnapshotMoved(Paths.TablePath, table.Stat.Version, after.Version, attempt + 1);
            ZooKeeperMembershipMetrics.SnapshotReread(_clusterId);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken);
        }
    }

    /// <returns>The row and its etag; null when it is gone or unreadable (logged).</returns>
    private async Task<Tuple<MembershipEntry, string>?> ReadStoredRowAsync(
        IZooKeeperClient client, string rowName, CancellationToken cancellationToken)
    {
        var rowPath = Paths.RowPath(rowName);
        var alivePath = Paths.AlivePath(rowName);
        var rowRead = client.GetDataAsync(rowPath, null, cancellationToken);
        var aliveRead = client.GetDataAsync(alivePath, null, cancellationToken);
        ZooKeeperNodeData row;
        try
        {
            row = await rowRead;
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
        {
            // Removed by a cleanup after the names were listed; cleanups do not move the table etag.
            await ObserveAsync(aliveRead);
            return null;
        }
        catch (ZooKeeperException)
        {
            await ObserveAsync(aliveRead);
            throw;
        }

        MembershipEntry entry;
        try
        {
            entry = MembershipRowSerializer.DeserializeRow(row.Data);
            if (ZooKeeperMembershipPaths.RowName(entry.SiloAddress) != rowName)
            {
                throw new FormatException($"it holds the entry of silo {entry.SiloAddress}, not of the silo its name says");
            }
        }
        catch (FormatException e)
        {
            await ObserveAsync(aliveRead);
            _logger.CorruptRowSkipped(rowPath, e.Message);
            ZooKeeperMembershipMetrics.RowSkipped(_clusterId);
            return null;
        }

        var heartbeat = await ReadHeartbeatAsync(aliveRead, alivePath);
        if (heartbeat > entry.IAmAliveTime)
        {
            entry.IAmAliveTime = heartbeat.Value;
        }

        return Tuple.Create(entry, row.Stat.Version.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<DateTime?> ReadHeartbeatAsync(Task<ZooKeeperNodeData> aliveRead, string alivePath)
    {
        try
        {
            return MembershipRowSerializer.DeserializeTime((await aliveRead).Data);
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
        {
            _logger.CorruptHeartbeatIgnored(alivePath, "the node is missing");
            return null;
        }
        catch (FormatException e)
        {
            _logger.CorruptHeartbeatIgnored(alivePath, e.Message);
            return null;
        }
    }

    private TableVersion ParseTableVersion(ZooKeeperNodeData table)
    {
        try
        {
            var version = MembershipRowSerializer.DeserializeTableVersion(table.Data);
            return new TableVersion(version, table.Stat.Version.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ZooKeeperMembershipException(
                $"The membership table node {Paths.TablePath} does not hold a table version (a decimal number). " +
                "Restore it, or delete the cluster's membership subtree so that the next silo creates it anew.", e);
        }
    }

    private async Task<bool> TryCommitAsync(
        string operation, string rowPath, IReadOnlyList<ZooKeeperOperation> operations, CancellationToken cancellationToken)
    {
        var client = await _session.GetClientAsync(cancellationToken);
        try
        {
            await client.MultiAsync(operations, cancellationToken);
            ZooKeeperMembershipMetrics.Write(_clusterId, operation, accepted: true);
            return true;
        }
        catch (ZooKeeperException e) when (IsConditionFailure(e.Code))
        {
            _logger.ConditionalWriteRejected(operation, rowPath, e.Code);
            ZooKeeperMembershipMetrics.Write(_clusterId, operation, accepted: false);
            return false;
        }
    }

    /// <summary>Moves the table to <paramref name="version"/>, only from <paramref name="etag"/>: the guard of every conditional write.</summary>
    private ZooKeeperOperation.SetData SetTableVersion(int version, int etag) =>
        new(Paths.TablePath, MembershipRowSerializer.SerializeTableVersion(version), etag);

    private bool TryParseEtag(string etag, string operation, string rowPath, out int version)
    {
        if (int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            return true;
        }

        // An etag this table never issued can match nothing: the write is stale by definition.
        _logger.ForeignEtagRejected(operation, rowPath, etag);
        ZooKeeperMembershipMetrics.Write(_clusterId, operation, accepted: false);
        return false;
    }

    /// <summary>Deletes a row and its heartbeat in one multi, only while the row is still at <paramref name="rowEtag"/>.</summary>
    private async Task<bool> TryDeleteRowAsync(
        IZooKeeperClient client, string rowName, int rowEtag, CancellationToken cancellationToken)
    {
        var rowPath = Paths.RowPath(rowName);
        var alivePath = Paths.AlivePath(rowName);
        try
        {
            await client.MultiAsync(
                [new ZooKeeperOperation.Delete(alivePath), new ZooKeeperOperation.Delete(rowPath, rowEtag)], cancellationToken);
            return true;
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode && e.Path == alivePath)
        {
            // A row without its heartbeat node: delete the row alone.
        }
        catch (ZooKeeperException e) when (IsConditionFailure(e.Code) || e.Code == ZooKeeperErrorCode.NotEmpty)
        {
            _logger.DefunctRowChanged(rowPath, e.Code);
            return false;
        }

        try
        {
            await client.DeleteAsync(rowPath, rowEtag, cancellationToken);
            return true;
        }
        catch (ZooKeeperException e) when (IsConditionFailure(e.Code) || e.Code == ZooKeeperErrorCode.NotEmpty)
        {
            _logger.DefunctRowChanged(rowPath, e.Code);
            return false;
        }
    }

    /// <summary>Deletes <paramref name="path"/> and everything under it; idempotent, and safe against a concurrent delete.</summary>
    private static async Task DeleteTreeAsync(IZooKeeperClient client, string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            IReadOnlyList<string> children;
            try
            {
                children = (await client.GetChildrenAsync(path, null, cancellationToken)).Names;
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
            {
                return;
            }

            await Task.WhenAll(children.Select(child =>
                DeleteTreeAsync(client, ZooKeeperMembershipPaths.Combine(path, child), cancellationToken)));
            try
            {
                await client.DeleteAsync(path, -1, cancellationToken);
                return;
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
            {
                return;
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NotEmpty && attempt < MaxDeleteAttempts)
            {
                // A child was created meanwhile (a silo inserting its row): delete it too.
            }
        }
    }

    /// <returns>True when this call created the node.</returns>
    private static async Task<bool> CreateIfMissingAsync(
        IZooKeeperClient client, string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateAsync(path, data, ZooKeeperCreateMode.Persistent, cancellationToken);
            return true;
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NodeExists)
        {
            return false;
        }
    }

    /// <summary>The later of the start, the heartbeat and any vote against the silo: its last sign of life in the table.</summary>
    private static DateTime LastUpdate(MembershipEntry entry)
    {
        var last = entry.StartTime > entry.IAmAliveTime ? entry.StartTime : entry.IAmAliveTime;
        foreach (var (_, voteTime) in entry.SuspectTimes ?? [])
        {
            if (voteTime > last)
            {
                last = voteTime;
            }
        }

        return DateTime.SpecifyKind(last, DateTimeKind.Utc);
    }

    private static bool IsConditionFailure(ZooKeeperErrorCode code) =>
        code is ZooKeeperErrorCode.BadVersion or ZooKeeperErrorCode.NodeExists or ZooKeeperErrorCode.NoNode;

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Only awaited so that its failure is not left unobserved; the caller has already decided.
        }
    }
}
