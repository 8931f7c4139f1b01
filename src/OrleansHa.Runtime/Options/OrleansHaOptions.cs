namespace OrleansHa.Runtime.Options;

/// <summary>The options of the job runtime (configuration section <c>OrleansHa</c>).</summary>
public sealed class OrleansHaOptions
{
    /// <summary>The largest parallelism a job may ask for.</summary>
    public int MaxParallelism { get; set; } = 1024;

    /// <summary>The largest total size of a job's parameters, keys and values in UTF-16 characters.</summary>
    public int MaxParameterCharacters { get; set; } = 64 * 1024;

    /// <summary>The largest total size of a job's uploaded assemblies.</summary>
    public long MaxArtifactBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The shortest checkpoint interval a job may ask for (zero still turns checkpoints off).</summary>
    public TimeSpan MinCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>A checkpoint not acknowledged by every subtask within this time is abandoned.</summary>
    public TimeSpan CheckpointTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A subtask's checkpoint payload of at most this many bytes travels with its acknowledgement and is kept
    /// in the checkpoint grain's state, written with the checkpoint's metadata, instead of in the checkpoint
    /// payload store: Flink's <c>state.storage.fs.memory-threshold</c> (20 KiB), for the same reason (a small
    /// state would cost a write and a delete of its own). Zero sends every payload to the payload store.
    /// </summary>
    public int CheckpointInlineThreshold { get; set; } = 20 * 1024;

    /// <summary>
    /// The most checkpoint stores the job grains of one silo have in flight at once. Below it the number
    /// follows <see cref="CheckpointStoreLatencyTarget"/>; while it is reached, job grains skip their
    /// checkpoint triggers (counted by <c>orleansha.checkpoints.skipped</c>).
    /// </summary>
    public int MaxConcurrentCheckpointStores { get; set; } = 64;

    /// <summary>
    /// How long one checkpoint store may take before the silo halves how many it runs at once: an overloaded
    /// storage then gets fewer checkpoints instead of a queue that outgrows the call timeouts. Below it the
    /// number grows. Keep it well below the storage and grain call timeouts (30 s by default).
    /// </summary>
    public TimeSpan CheckpointStoreLatencyTarget { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the leader compares its slot table with the cluster membership.</summary>
    public TimeSpan MembershipCheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long cancelling waits for user code to observe its cancellation token.</summary>
    public TimeSpan SubtaskCancellationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the silo writes the totals of OrleansHa's metrics to its log (event 3500), and once more
    /// when it stops; zero, the default, writes none.
    /// </summary>
    public TimeSpan MetricsLogPeriod { get; set; } = TimeSpan.Zero;

    /// <summary>The task executor of each silo.</summary>
    public TaskExecutorOptions TaskExecutor { get; set; } = new();

    /// <summary>The leader's epoch, its watchdog and its recovery.</summary>
    public LeadershipOptions Leadership { get; set; } = new();

    /// <summary>The cleanup of finished jobs' HA data.</summary>
    public CleanupOptions Cleanup { get; set; } = new();

    /// <summary>The finished-job history records clients read results from.</summary>
    public HistoryOptions History { get; set; } = new();
}

/// <summary>The task executor of a silo (configuration section <c>OrleansHa:TaskExecutor</c>).</summary>
public sealed class TaskExecutorOptions
{
    /// <summary>How many subtasks the silo runs at once (taskmanager.numberOfTaskSlots).</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a subtask's end is reported again while its job grain cannot be reached.</summary>
    public TimeSpan ReportTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the executor remembers the newest attempt of a job that no longer runs on it, to refuse a late
    /// deployment of an older attempt. Keep it well above Orleans' response timeout (30 s by default).
    /// </summary>
    public TimeSpan AttemptFloorRetention { get; set; } = TimeSpan.FromMinutes(10);
}
