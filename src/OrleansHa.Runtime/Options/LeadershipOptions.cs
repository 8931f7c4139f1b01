namespace OrleansHa.Runtime.Options;

/// <summary>The leader and its standbys (configuration section <c>OrleansHa:Leadership</c>).</summary>
public sealed class LeadershipOptions
{
    /// <summary>
    /// How often every silo's watchdog calls the leader grain, so that a new leader is activated soon after
    /// the old one's silo is declared dead: these calls make every silo a standby JobManager.
    /// </summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one watchdog call may take before it counts as failed.</summary>
    public TimeSpan WatchdogCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the leader re-reads its stored epoch (one storage read), so an activation that another one
    /// superseded finds out and deactivates even when it has nothing to write.
    /// </summary>
    public TimeSpan EpochCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many job grains a new leader recovers at once.</summary>
    public int RecoveryConcurrency { get; set; } = 64;

    /// <summary>How long the leader waits for one task executor or job grain while it recovers.</summary>
    public TimeSpan RecoveryCallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The first wait before the leader asks a job grain that did not answer its recovery again; each further
    /// wait doubles, up to <see cref="RecoveryRetryMaxDelay"/>. A job whose subtasks all died sends no report,
    /// so only these retries bring it back.
    /// </summary>
    public TimeSpan RecoveryRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two recovery calls to the same job grain.</summary>
    public TimeSpan RecoveryRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
