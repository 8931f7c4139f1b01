using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Options;

/// <summary>The cleanup of finished jobs' HA data (configuration section <c>OrleansHa:Cleanup</c>; Flink's cleanup-strategy.*).</summary>
public sealed class CleanupOptions
{
    /// <summary>
    /// How a failed cleanup of one job is retried: exponential delay from 1 s to 1 h with unlimited attempts by
    /// default; fixed delay; or none (the entry stays dirty until the next wake-up of the cleanup grain).
    /// </summary>
    public RestartStrategy Strategy { get; set; } = RestartStrategy.ExponentialDelay(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), int.MaxValue);

    /// <summary>The period of the durable reminder that wakes the cleanup grain.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most jobs the cleanup grain cleans at once; below it the concurrency follows <see cref="LatencyTarget"/>.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>
    /// How long one job's cleanup may take before the cleanup grain halves how many it runs at once: a slow
    /// store slows the drain instead of queueing requests past their timeouts. Below it the concurrency grows.
    /// </summary>
    public TimeSpan LatencyTarget { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The finished-job history (configuration section <c>OrleansHa:History</c>).</summary>
public sealed class HistoryOptions
{
    /// <summary>How long a finished job's result stays readable after its cleanup.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The most history records the cleanup grain examines for the retention sweep on each reminder tick; the
    /// next tick goes on where this one stopped. Records are named by job id, not by time, so a sweep reads
    /// the whole history: this bounds what one tick costs however large it grows (two listing requests at
    /// the default, plus a delete for each expired record). A record is deleted at the latest
    /// <c>history size / SweepRecordsPerTick</c> ticks after its retention ends.
    /// </summary>
    public int SweepRecordsPerTick { get; set; } = 10_000;

    /// <summary>
    /// The most job ids the leader keeps in memory, as 32-bit hashes (about 22 bytes each), to answer a
    /// submission's duplicate-id check without reading the history record: the ids listed from the history
    /// when it takes over, and those of the jobs that ended since. Beyond it the leader reads the record on
    /// every submission until the next leader takes over; 0 always reads.
    /// </summary>
    public int RecordedIdsInMemory { get; set; } = 1_000_000;
}
