using OrleansHa.Grains;

namespace OrleansHa.Runtime.Checkpoints;

/// <summary>
/// The checkpoint grain's runtime-facing side: checkpoints completed with the payloads small enough to be
/// stored inline (see <see cref="Options.OrleansHaOptions.CheckpointInlineThreshold"/>), and restores that
/// hand those payloads to the deployment. Clients keep seeing metadata only, through <see cref="ICheckpointGrain"/>.
/// </summary>
public interface ICheckpointStoreGrain : ICheckpointGrain
{
    /// <summary>
    /// Records a checkpoint that every subtask acknowledged, with the payloads of the subtasks that sent theirs
    /// inline, in one state write; then deletes the stored payloads of the checkpoints beyond
    /// <paramref name="retained"/>. Completing a checkpoint not newer than the latest changes nothing.
    /// </summary>
    Task CompleteWithPayloadsAsync(CompletedCheckpoint checkpoint, IReadOnlyDictionary<int, byte[]> inlinePayloads, int retained);

    /// <summary>
    /// The newest retained checkpoint whose payloads can all be read, with its inline payloads, or null when
    /// there is none. A checkpoint that cannot be read is reported in the log and skipped.
    /// </summary>
    Task<CheckpointRestore?> ResolveRestoreWithPayloadsAsync();

    /// <summary>The inline payloads of a retained checkpoint, by subtask; empty when it has none or is not retained.</summary>
    Task<IReadOnlyDictionary<int, byte[]>> GetInlinePayloadsAsync(long checkpointId);
}

/// <summary>The checkpoint a restart restores from, and the payloads stored inline with it, by subtask.</summary>
[GenerateSerializer]
[Alias("orleansha.CheckpointRestore")]
[Immutable]
public sealed record CheckpointRestore(
    [property: Id(0)] CompletedCheckpoint Checkpoint,
    [property: Id(1)] IReadOnlyDictionary<int, byte[]> InlinePayloads);
