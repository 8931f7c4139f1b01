namespace OrleansHa.Grains;

/// <summary>
/// The checkpoint grain, one per job (key: the job id): Flink's CompletedCheckpointStore. It keeps the
/// metadata of the retained completed checkpoints in its state; their payloads live in the checkpoint
/// payload store.
/// </summary>
public interface ICheckpointGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a checkpoint that every subtask acknowledged (one state write), then deletes the payloads of
    /// the checkpoints beyond <paramref name="retained"/>. Completing a checkpoint not newer than the latest
    /// changes nothing.
    /// </summary>
    Task CompleteAsync(CompletedCheckpoint checkpoint, int retained);

    /// <summary>
    /// Deletes the payloads of a checkpoint that was triggered but will never complete (its attempt stopped),
    /// as Flink discards an aborted pending checkpoint. A retained checkpoint is left alone; deleting what
    /// is already gone succeeds.
    /// </summary>
    Task DiscardPendingAsync(long checkpointId);

    /// <summary>
    /// Deletes everything of the job's checkpoints: every payload, then the metadata. Idempotent: what is
    /// already gone is no error. Part of the cleanup of a job that reached a globally terminal status.
    /// </summary>
    Task DiscardAllAsync();

    /// <summary>The retained completed checkpoints, oldest first.</summary>
    Task<IReadOnlyList<CompletedCheckpoint>> GetRetainedAsync();

    /// <summary>
    /// The newest retained checkpoint whose payloads can all be read, or null when there is none. A
    /// checkpoint that cannot be read is reported in the log and skipped.
    /// </summary>
    Task<CompletedCheckpoint?> ResolveRestoreAsync();
}

/// <summary>The metadata of a completed checkpoint.</summary>
/// <param name="CheckpointId">Its id; ids grow within a job.</param>
/// <param name="Attempt">The job attempt whose subtasks took it.</param>
/// <param name="CompletedAt">When the last acknowledgement arrived.</param>
/// <param name="Parallelism">The job's parallelism.</param>
/// <param name="FinishedSubtasks">
/// Subtasks that had finished by then, with their final accumulators: they have no payload and do not run
/// again after a restore.
/// </param>
[GenerateSerializer]
[Alias("orleansha.CompletedCheckpoint")]
[Immutable]
public sealed record CompletedCheckpoint(
    [property: Id(0)] long CheckpointId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] DateTimeOffset CompletedAt,
    [property: Id(3)] int Parallelism,
    [property: Id(4)] IReadOnlyDictionary<int, IReadOnlyDictionary<string, long>> FinishedSubtasks);
