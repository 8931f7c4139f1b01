using System.Diagnostics.Metrics;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>
/// The "OrleansHa.ZooKeeper.Membership" meter: conditional writes by outcome, snapshot rereads, and rows skipped
/// or removed, each tagged with the cluster id so that several clusters on one ensemble can be told apart.
/// </summary>
internal static class ZooKeeperMembershipMetrics
{
    public const string MeterName = "OrleansHa.ZooKeeper.Membership";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Writes = Meter.CreateCounter<long>(
        "orleansha.membership.writes", "{write}", "Conditional membership writes, by operation and outcome (accepted or rejected).");

    private static readonly Counter<long> SnapshotRereads = Meter.CreateCounter<long>(
        "orleansha.membership.snapshot.rereads", "{read}", "Table reads started again because a write moved the table meanwhile.");

    private static readonly Counter<long> RowsSkipped = Meter.CreateCounter<long>(
        "orleansha.membership.rows.skipped", "{row}", "Unreadable membership rows left out of a read.");

    private static readonly Counter<long> RowsRemoved = Meter.CreateCounter<long>(
        "orleansha.membership.rows.removed", "{row}", "Defunct membership rows removed by cleanup.");

    public static void Write(string clusterId, string operation, bool accepted) => Writes.Add(
        1,
        new KeyValuePair<string, object?>("cluster", clusterId),
        new KeyValuePair<string, object?>("operation", operation),
        new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "rejected"));

    public static void SnapshotReread(string clusterId) => SnapshotRereads.Add(1, Cluster(clusterId));

    public static void RowSkipped(string clusterId) => RowsSkipped.Add(1, Cluster(clusterId));

    public static void RowRemoved(string clusterId) => RowsRemoved.Add(1, Cluster(clusterId));

    private static KeyValuePair<string, object?> Cluster(string clusterId) => new("cluster", clusterId);
}
