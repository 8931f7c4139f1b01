using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>Checkpoint payloads at <c>&lt;root&gt;/&lt;cluster-id&gt;/checkpoints/&lt;job-id&gt;/&lt;checkpoint-id&gt;/&lt;subtask&gt;.bin</c>.</summary>
public sealed class FileSystemCheckpointPayloadStore : ICheckpointPayloadStore
{
    private readonly HaStorageLayout _layout;
    private readonly FileStoreDirectory _directory;

    public FileSystemCheckpointPayloadStore(
        FileSystemCheckpointPayloadStoreOptions options, string clusterId, ILogger<FileSystemCheckpointPayloadStore> logger)
    {
        _layout = new HaStorageLayout(clusterId);
        _directory = new FileStoreDirectory(options, StorageOperationTags.Stores.Checkpoints, logger);
    }

    public async Task PutAsync(
        JobId jobId, long checkpointId, int subtask, ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken = default) =>
        await _directory.WriteAsync(
            _layout.CheckpointPayload(jobId, checkpointId, subtask), payload, replacing: null, cancellationToken);

    public async Task<ReadOnlyMemory<byte>> GetAsync(
        JobId jobId, long checkpointId, int subtask, CancellationToken cancellationToken = default) =>
        await _directory.TryReadAsync(_layout.CheckpointPayload(jobId, checkpointId, subtask), cancellationToken) is { } file
            ? file.Content
            : throw new CheckpointPayloadNotFoundException(jobId, checkpointId, subtask);

    public Task DeleteCheckpointAsync(JobId jobId, long checkpointId, CancellationToken cancellationToken = default)
    {
        _directory.TryDeleteFolder(_layout.CheckpointPrefix(jobId, checkpointId));
        return Task.CompletedTask;
    }

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        _directory.TryDeleteFolder(_layout.CheckpointsPrefix(jobId));
        return Task.CompletedTask;
    }
}
