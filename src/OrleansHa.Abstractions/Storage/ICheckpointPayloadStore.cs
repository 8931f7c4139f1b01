using OrleansHa.Jobs;

namespace OrleansHa.Storage;

/// <summary>
/// Keeps the state snapshots of completed checkpoints, one payload per subtask, under
/// <c>&lt;cluster-id&gt;/checkpoints/&lt;job-id&gt;/&lt;checkpoint-id&gt;/&lt;subtask&gt;.bin</c>. The checkpoint
/// grain keeps the metadata; this store keeps the bytes (Flink's state handles).
/// </summary>
public interface ICheckpointPayloadStore
{
    Task PutAsync(
        JobId jobId, long checkpointId, int subtask, ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken = default);

    /// <exception cref="CheckpointPayloadNotFoundException">No payload is stored for that subtask.</exception>
    Task<ReadOnlyMemory<byte>> GetAsync(
        JobId jobId, long checkpointId, int subtask, CancellationToken cancellationToken = default);

    /// <summary>Deletes one checkpoint's payloads; deleting what is already gone succeeds.</summary>
    Task DeleteCheckpointAsync(JobId jobId, long checkpointId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every checkpoint payload of the job; deleting what is already gone succeeds.</summary>
    Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default);
}
