using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// A job's assemblies under <c>&lt;cluster-id&gt;/artifacts/&lt;job-id&gt;/</c>, each blob carrying the SHA-256
/// of its bytes in its metadata, checked again on every read.
/// </summary>
public sealed class AzureBlobArtifactStore : IArtifactStore
{
    internal const string Sha256MetadataKey = "sha256";

    private readonly AzureBlobArtifactStoreOptions _options;
    private readonly HaStorageLayout _layout;
    private readonly BlobContainerAccess _access;

    public AzureBlobArtifactStore(
        AzureBlobArtifactStoreOptions options, string clusterId, ILogger<AzureBlobArtifactStore> logger)
    {
        _options = options;
        _layout = new HaStorageLayout(clusterId);
        _access = new BlobContainerAccess(options, StorageOperationTags.Stores.Artifacts, logger);
    }

    public async Task<IReadOnlyList<ArtifactDescriptor>> PutAsync(
        JobId jobId, IReadOnlyList<ArtifactFile> files, CancellationToken cancellationToken = default)
    {
        ArtifactUpload.Validate(jobId, files, _options.MaxArtifactBytes);
        var descriptors = new List<ArtifactDescriptor>(files.Count);
        foreach (var file in files)
        {
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content.Span));
            var blobName = _layout.Artifact(jobId, file.FileName);
            var options = new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [Sha256MetadataKey] = sha256 },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            };

            // Unconditional: uploading the same job again (a retried submission) replaces the same bytes.
            await _access.UploadAsync(blobName, new BinaryData(file.Content), options, cancellationToken);
            descriptors.Add(new ArtifactDescriptor(file.FileName, file.Content.Length, sha256));
        }

        return descriptors;
    }

    public async Task<IReadOnlyList<ArtifactFile>> GetAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        var prefix = _layout.ArtifactsPrefix(jobId);
        var files = new List<ArtifactFile>();
        await foreach (var blob in _access.ListBlobsAsync(prefix, BlobTraits.None, cancellationToken))
        {
            var download = await _access.TryDownloadAsync(blob.Name, cancellationToken)
                ?? throw new ArtifactNotFoundException(jobId);
            var fileName = StoragePathSegment.Decode(blob.Name[prefix.Length..]);
            var content = download.Content.ToMemory();
            var expected = download.Details.Metadata.TryGetValue(Sha256MetadataKey, out var recorded)
                ? recorded
                : "(none recorded)";
            var actual = Convert.ToHexStringLower(SHA256.HashData(content.Span));
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArtifactChecksumMismatchException(jobId, fileName, expected, actual);
            }

            files.Add(new ArtifactFile(fileName, content));
        }

        return files.Count > 0 ? files : throw new ArtifactNotFoundException(jobId);
    }

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        _access.DeleteAllAsync(_layout.ArtifactsPrefix(jobId), cancellationToken);
}
