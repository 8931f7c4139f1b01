using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// A job's assemblies under <c>&lt;root&gt;/&lt;cluster-id&gt;/artifacts/&lt;job-id&gt;/</c>, with their SHA-256s in
/// a manifest beside them, checked again on every read.
/// </summary>
public sealed class FileSystemArtifactStore : IArtifactStore
{
    private readonly FileSystemArtifactStoreOptions _options;
    private readonly HaStorageLayout _layout;
    private readonly FileStoreDirectory _directory;

    public FileSystemArtifactStore(
        FileSystemArtifactStoreOptions options, string clusterId, ILogger<FileSystemArtifactStore> logger)
    {
        _options = options;
        _layout = new HaStorageLayout(clusterId);
        _directory = new FileStoreDirectory(options, StorageOperationTags.Stores.Artifacts, logger);
    }

    public async Task<IReadOnlyList<ArtifactDescriptor>> PutAsync(
        JobId jobId, IReadOnlyList<ArtifactFile> files, CancellationToken cancellationToken = default)
    {
        ArtifactUpload.Validate(jobId, files, _options.MaxArtifactBytes);
        var descriptors = new List<ArtifactDescriptor>(files.Count);
        foreach (var file in files)
        {
            await _directory.WriteAsync(_layout.Artifact(jobId, file.FileName), file.Content, replacing: null, cancellationToken);
            descriptors.Add(new ArtifactDescriptor(
                file.FileName, file.Content.Length, Convert.ToHexStringLower(SHA256.HashData(file.Content.Span))));
        }

        var manifest = new ArtifactManifest(1, descriptors);
        await _directory.WriteAsync(ManifestName(jobId), manifest.ToUtf8Json(), replacing: null, cancellationToken);
        return descriptors;
    }

    public async Task<IReadOnlyList<ArtifactFile>> GetAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        var manifestName = ManifestName(jobId);
        var stored = await _directory.TryReadAsync(manifestName, cancellationToken)
            ?? throw new ArtifactNotFoundException(jobId);
        var manifest = ArtifactManifest.Parse(_directory.PathOf(manifestName), stored.Content);
        var files = new List<ArtifactFile>(manifest.Files.Count);
        foreach (var descriptor in manifest.Files)
        {
            var file = await _directory.TryReadAsync(_layout.Artifact(jobId, descriptor.FileName), cancellationToken);
            var actual = file is null ? "(file missing)" : Convert.ToHexStringLower(SHA256.HashData(file.Content));
            if (file is null || !string.Equals(actual, descriptor.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArtifactChecksumMismatchException(jobId, descriptor.FileName, descriptor.Sha256, actual);
            }

            files.Add(new ArtifactFile(descriptor.FileName, file.Content));
        }

        return files;
    }

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        _directory.TryDeleteFolder(_layout.ArtifactsPrefix(jobId));
        return Task.CompletedTask;
    }

    private string ManifestName(JobId jobId) => _layout.ArtifactsPrefix(jobId) + ArtifactManifest.FileName;
}
