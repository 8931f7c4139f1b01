using System.Diagnostics.Metrics;

namespace OrleansHa.Runtime.Diagnostics;

/// <summary>The runtime's instruments, on the meter <c>OrleansHa.Runtime</c>.</summary>
internal static class RuntimeMetrics
{
    public const string MeterName = "OrleansHa.Runtime";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> JobsSubmitted =
        Meter.CreateCounter<long>("orleansha.jobs.submitted", description: "Jobs accepted by the leader.");

    public static readonly Counter<long> JobsFinished =
        Meter.CreateCounter<long>("orleansha.jobs.finished", description: "Jobs that ended FINISHED.");

    public static readonly Counter<long> JobsFailed =
        Meter.CreateCounter<long>("orleansha.jobs.failed", description: "Jobs that ended FAILED.");

    public static readonly Counter<long> JobsCanceled =
        Meter.CreateCounter<long>("orleansha.jobs.canceled", description: "Jobs that ended CANCELED.");

    public static readonly Counter<long> JobRestarts =
        Meter.CreateCounter<long>("orleansha.jobs.restarts", description: "Restarts of jobs from a checkpoint.");

    public static readonly Counter<long> CheckpointsCompleted =
        Meter.CreateCounter<long>("orleansha.checkpoints.completed", description: "Checkpoints every subtask acknowledged and the checkpoint grain stored.");

    public static readonly Counter<long> CheckpointsSkipped = Meter.CreateCounter<long>(
        "orleansha.checkpoints.skipped",
        description: "Checkpoint triggers a job grain skipped because its silo's checkpoint stores were at their limit: the storage is slower than the checkpoints asked of it.");

    public static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram<double>(
        "orleansha.checkpoints.duration", unit: "ms", description: "From a checkpoint's trigger until it is stored, restorable.");

    public static readonly Counter<long> LeadershipsWon =
        Meter.CreateCounter<long>("orleansha.leader.epochs", description: "Leader activations that won a new epoch.");

    public static readonly Histogram<double> RecoveryDuration = Meter.CreateHistogram<double>(
        "orleansha.leader.recovery.duration", unit: "ms",
        description: "From a new leader's activation until every listed job was recovered.");

    public static readonly Counter<long> JobsRecovered =
        Meter.CreateCounter<long>("orleansha.jobs.recovered", description: "Live jobs a new leader recovered.");

    public static readonly Counter<long> JobsCleaned =
        Meter.CreateCounter<long>("orleansha.cleanup.cleaned", description: "Dirty JobResultStore entries the cleanup grain cleaned.");

    public static readonly Counter<long> CleanupFailures =
        Meter.CreateCounter<long>("orleansha.cleanup.failures", description: "Failed attempts to clean a job's HA data.");
}
