using System.Collections.Concurrent;
using OrleansHa.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.TestDoubles;

/// <summary>
/// A test double of the checkpoint payload store shared by every silo of a test cluster. To be replaced by
/// the file-system store once it lands on main.
/// </summary>
public sealed class InMemoryCheckpointPayloadStore : ICheckpointPayloadStore
{
    private readonly ConcurrentDictionary<(JobId JobId, long CheckpointId, int Subtask), byte[]> _payloads = new();

    public Task PutAsync(JobId jobId, long checkpointId, int subtask, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        _payloads[(jobId, checkpointId, subtask)] = payload.ToArray();
        return Task.CompletedTask;
    }

    public Task<ReadOnlyMemory<byte>> GetAsync(JobId jobId, long checkpointId, int subtask, CancellationToken cancellationToken = default) =>
        _payloads.TryGetValue((jobId, checkpointId, subtask), out var payload)
            ? Task.FromResult<ReadOnlyMemory<byte>>(payload.ToArray())
            : throw new CheckpointPayloadNotFoundException(jobId, checkpointId, subtask);

    public Task DeleteCheckpointAsync(JobId jobId, long checkpointId, CancellationToken cancellationToken = default)
    {
        foreach (var key in _payloads.Keys.Where(k => k.JobId == jobId && k.CheckpointId == checkpointId))
        {
            _payloads.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        foreach (var key in _payloads.Keys.Where(k => k.JobId == jobId))
        {
            _payloads.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    /// <summary>The checkpoint ids that have at least one payload stored for the job.</summary>
    public IReadOnlyList<long> CheckpointIds(JobId jobId) =>
        [.. _payloads.Keys.Where(k => k.JobId == jobId).Select(k => k.CheckpointId).Distinct().Order()];

    public void Overwrite(JobId jobId, long checkpointId, int subtask, byte[] bytes) => _payloads[(jobId, checkpointId, subtask)] = bytes;
}
