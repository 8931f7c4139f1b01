using System.Diagnostics.Metrics;

namespace OrleansHa.ZooKeeper.Client;

/// <summary>The "OrleansHa.ZooKeeper" meter: operations by kind, failures by kind and error, session events by state.</summary>
internal static class ZooKeeperMetrics
{
    public const string MeterName = "OrleansHa.ZooKeeper";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Operations = Meter.CreateCounter<long>(
        "orleansha.zookeeper.operations", "{operation}", "ZooKeeper operations issued, by kind.");

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "orleansha.zookeeper.operation.failures", "{operation}", "ZooKeeper operations that failed, by kind and error.");

    private static readonly Counter<long> SessionEvents = Meter.CreateCounter<long>(
        "orleansha.zookeeper.session.events", "{event}", "ZooKeeper session state changes, by state.");

    public static void OperationStarted(string kind) => Operations.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void OperationFailed(string kind, ZooKeeperErrorCode code) => Failures.Add(
        1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("error", code.ToString()));

    public static void SessionStateChanged(ZooKeeperSessionState state) =>
        SessionEvents.Add(1, new KeyValuePair<string, object?>("state", state.ToString()));
}
