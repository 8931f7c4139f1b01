using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>Checkpoint payloads at <c>&lt;cluster-id&gt;/checkpoints/&lt;job-id&gt;/&lt;checkpoint-id&gt;/&lt;subtask&gt;.bin</c>.</summary>
public sealed class AzureBlobCheckpointPayloadStore : ICheckpointPayloadStore
{
    private readonly HaStorageLayout _layout;
    private readonly BlobContainerAccess _access;

    public AzureBlobCheckpointPayloadStore(
        AzureBlobCheckpointPayloadStoreOptions options, string clusterId, ILogger<AzureBlobCheckpointPayloadStore> logger)
    {
        _layout = new HaStorageLayout(clusterId);
        _access = new BlobContainerAccess(options, StorageOperationTags.Stores.Checkpoints, logger);
    }

    public async Task PutAsync(
        JobId jobId, long checkpointId, int subtask, ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken = default)
    {
        var blobName = _layout.CheckpointPayload(jobId, checkpointId, subtask);

        // Unconditional: a subtask that snapshots the same checkpoint again (a retried acknowledgement)
        // writes the same payload, and the checkpoint is only complete once the grain says so.
        await _access.UploadAsync(
            blobName, new BinaryData(payload),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" } },
            cancellationToken);
    }

    public async Task<ReadOnlyMemory<byte>> GetAsync(
        JobId jobId, long checkpointId, int subtask, CancellationToken cancellationToken = default)
    {
        var blobName = _layout.CheckpointPayload(jobId, checkpointId, subtask);
        return await _access.TryDownloadAsync(blobName, cancellationToken) is { } download
            ? download.Content.ToMemory()
            : throw new CheckpointPayloadNotFoundException(jobId, checkpointId, subtask);
    }

    public Task DeleteCheckpointAsync(JobId jobId, long checkpointId, CancellationToken cancellationToken = default) =>
        _access.DeleteAllAsync(_layout.CheckpointPrefix(jobId, checkpointId), cancellationToken);

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        _access.DeleteAllAsync(_layout.CheckpointsPrefix(jobId), cancellationToken);
}
