using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Jobs;

/// <summary>
/// What the job grain persists: written once at submission and again only when the attempt number changes,
/// so a trivial job costs one grain-state write. RUNNING, FAILING and the like live in memory only.
/// </summary>
[GenerateSerializer]
[Alias("orleansha.JobGrainState")]
public sealed class JobGrainState
{
    [Id(0)]
    public JobSpec? Spec { get; set; }

    /// <summary>CREATED while the job is live; the terminal step (HA data lifecycle) removes the state.</summary>
    [Id(1)]
    public JobStatus Status { get; set; }

    /// <summary>The current attempt: 1 at submission, one more on each restart or recovery.</summary>
    [Id(2)]
    public int Attempt { get; set; }

    /// <summary>Restarts charged to the restart strategy (a recovery after the job grain was lost is not).</summary>
    [Id(3)]
    public int Restarts { get; set; }

    [Id(4)]
    public DateTimeOffset SubmittedAt { get; set; }
}
