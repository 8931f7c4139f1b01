namespace OrleansHa.Jobs;

/// <summary>A job as its job grain sees it now.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Its status.</param>
/// <param name="Attempt">The attempt number: 1 for the first run, one more for each restart.</param>
/// <param name="Subtasks">Where each running subtask runs (index = subtask), empty when none runs.</param>
/// <param name="LatestCompletedCheckpointId">The latest completed checkpoint, when there is one.</param>
/// <param name="RestoredCheckpointId">The checkpoint the current attempt restored from, when it did.</param>
/// <param name="Result">The final result once the job reached a globally terminal status.</param>
[GenerateSerializer]
[Alias("orleansha.JobDetails")]
[Immutable]
public sealed record JobDetails(
    [property: Id(0)] JobId JobId,
    [property: Id(1)] JobStatus Status,
    [property: Id(2)] int Attempt,
    [property: Id(3)] IReadOnlyList<SubtaskLocation> Subtasks,
    [property: Id(4)] long? LatestCompletedCheckpointId,
    [property: Id(5)] long? RestoredCheckpointId,
    [property: Id(6)] JobResult? Result);

/// <summary>Where one subtask of a job runs.</summary>
/// <param name="Subtask">The subtask index.</param>
/// <param name="Silo">The address of the silo whose task executor runs it.</param>
/// <param name="Finished">Whether the subtask has finished in this attempt.</param>
[GenerateSerializer]
[Alias("orleansha.SubtaskLocation")]
[Immutable]
public sealed record SubtaskLocation(
    [property: Id(0)] int Subtask,
    [property: Id(1)] string Silo,
    [property: Id(2)] bool Finished);
