using System.Collections.Concurrent;
using System.Security.Cryptography;
using OrleansHa.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.TestDoubles;

/// <summary>
/// A test double of the artifact store shared by every silo of a test cluster. To be replaced by the
/// file-system store once it lands on main.
/// </summary>
public sealed class InMemoryArtifactStore : IArtifactStore
{
    private readonly ConcurrentDictionary<JobId, IReadOnlyList<ArtifactFile>> _files = new();

    public Task<IReadOnlyList<ArtifactDescriptor>> PutAsync(JobId jobId, IReadOnlyList<ArtifactFile> files, CancellationToken cancellationToken = default)
    {
        _files[jobId] = [.. files.Select(f => new ArtifactFile(f.FileName, f.Content.ToArray()))];
        return Task.FromResult<IReadOnlyList<ArtifactDescriptor>>(
            [.. files.Select(f => new ArtifactDescriptor(f.FileName, f.Content.Length, Convert.ToHexStringLower(SHA256.HashData(f.Content.Span))))]);
    }

    public Task<IReadOnlyList<ArtifactFile>> GetAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        _files.TryGetValue(jobId, out var files) ? Task.FromResult(files) : throw new ArtifactNotFoundException(jobId);

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        _files.TryRemove(jobId, out _);
        return Task.CompletedTask;
    }
}
