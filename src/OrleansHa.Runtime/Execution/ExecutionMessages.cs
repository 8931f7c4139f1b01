using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Execution;

/// <summary>What a job grain sends a task executor to run some of an attempt's subtasks.</summary>
/// <param name="Spec">The job.</param>
/// <param name="Attempt">The attempt the subtasks belong to.</param>
/// <param name="Subtasks">The subtask indices to run on this executor.</param>
/// <param name="RestoreCheckpointId">The completed checkpoint the subtasks restore from, if any.</param>
/// <param name="RestorePayloads">
/// The payloads of that checkpoint stored inline, for the subtasks of this request that have one; the others
/// read theirs from the checkpoint payload store.
/// </param>
[GenerateSerializer]
[Alias("orleansha.DeploymentRequest")]
[Immutable]
public sealed record DeploymentRequest(
    [property: Id(0)] JobSpec Spec,
    [property: Id(1)] int Attempt,
    [property: Id(2)] IReadOnlyList<int> Subtasks,
    [property: Id(3)] long? RestoreCheckpointId,
    [property: Id(4)] IReadOnlyDictionary<int, byte[]>? RestorePayloads = null)
{
    /// <summary>Whether the subtask reads its restored payload from the payload store.</summary>
    public bool RestoresFromPayloadStore(int subtask) =>
        RestoreCheckpointId is not null && RestorePayloads?.ContainsKey(subtask) != true;
}

/// <summary>The executor's answer to a deployment.</summary>
/// <param name="Error">Why the subtasks were not started; null when they were.</param>
/// <param name="Recoverable">Whether a restart may succeed (false for a type that cannot load).</param>
[GenerateSerializer]
[Alias("orleansha.DeploymentResult")]
[Immutable]
public sealed record DeploymentResult([property: Id(0)] string? Error, [property: Id(1)] bool Recoverable)
{
    public static DeploymentResult Started { get; } = new(null, true);

    public bool IsStarted => Error is null;
}

/// <summary>What a task executor runs now.</summary>
[GenerateSerializer]
[Alias("orleansha.ExecutorInfo")]
[Immutable]
public sealed record ExecutorInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Slots,
    [property: Id(2)] IReadOnlyList<RunningSubtask> Running,
    [property: Id(3)] int LoadedArtifactContexts);

/// <summary>One subtask running on a task executor.</summary>
[GenerateSerializer]
[Alias("orleansha.RunningSubtask")]
[Immutable]
public sealed record RunningSubtask(
    [property: Id(0)] JobId JobId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] int Subtask);
