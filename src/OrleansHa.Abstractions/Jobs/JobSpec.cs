using OrleansHa.Storage;

namespace OrleansHa.Jobs;

/// <summary>What a client submits: the job's code, its parallelism, parameters, checkpoints and restarts.</summary>
/// <remarks>
/// The job's code is either a type already deployed on the silos (<see cref="Artifact"/> empty), or the
/// assemblies uploaded with the submission, loaded by each task executor into a collectible context.
/// </remarks>
[GenerateSerializer]
[Alias("orleansha.JobSpec")]
[Immutable]
public sealed record JobSpec
{
    /// <summary>The job's id: choose one to make the submission idempotent, or use <see cref="JobId.New"/>.</summary>
    [Id(0)]
    public required JobId JobId { get; init; }

    /// <summary>A name for people; it does not have to be unique.</summary>
    [Id(1)]
    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// The full name of the class that implements <c>IJobTask</c> (<c>Namespace.Type</c>), optionally
    /// assembly-qualified (<c>Namespace.Type, Assembly</c>).
    /// </summary>
    [Id(2)]
    public required string EntryType { get; init; }

    /// <summary>How many subtasks run the entry type; each takes one slot.</summary>
    [Id(3)]
    public int Parallelism { get; init; } = 1;

    /// <summary>Parameters every subtask reads through its context.</summary>
    [Id(4)]
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>How often a checkpoint is triggered; zero turns checkpoints off.</summary>
    [Id(5)]
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.Zero;

    /// <summary>How many completed checkpoints are kept (state.checkpoints.num-retained).</summary>
    [Id(6)]
    public int RetainedCheckpoints { get; init; } = 1;

    /// <summary>How the job restarts after a failure.</summary>
    [Id(7)]
    public RestartStrategy RestartStrategy { get; init; } =
        RestartStrategy.ExponentialDelay(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), attempts: 10);

    /// <summary>The uploaded assembly files, as recorded by the artifact store; empty for a deployed type.</summary>
    [Id(8)]
    public IReadOnlyList<ArtifactDescriptor> Artifact { get; init; } = [];

    public bool HasArtifact => Artifact.Count > 0;
}
