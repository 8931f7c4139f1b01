using OrleansHa.Jobs;

namespace OrleansHa.Storage;

/// <summary>One file of a job's user code, as uploaded by a client: Flink's BlobStore for user jars.</summary>
/// <param name="FileName">A plain file name: no directories, not starting with '.'.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record ArtifactFile(string FileName, ReadOnlyMemory<byte> Content);

/// <summary>What the store recorded for a file at upload.</summary>
/// <param name="FileName">The file name.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="Sha256">Its SHA-256, lowercase hexadecimal.</param>
[GenerateSerializer]
[Alias("orleansha.ArtifactDescriptor")]
[Immutable]
public sealed record ArtifactDescriptor(
    [property: Id(0)] string FileName,
    [property: Id(1)] long Length,
    [property: Id(2)] string Sha256);

/// <summary>Keeps the .NET assemblies of each job under <c>&lt;cluster-id&gt;/artifacts/&lt;job-id&gt;/</c>.</summary>
public interface IArtifactStore
{
    /// <summary>Stores the job's files, recording each one's SHA-256.</summary>
    /// <exception cref="ArtifactTooLargeException">The files together exceed the configured limit.</exception>
    /// <exception cref="ArgumentException">
    /// A file name is empty, has a directory part, starts with '.' or repeats (ignoring case).
    /// </exception>
    Task<IReadOnlyList<ArtifactDescriptor>> PutAsync(
        JobId jobId, IReadOnlyList<ArtifactFile> files, CancellationToken cancellationToken = default);

    /// <summary>Reads every file of the job, checking each one against the SHA-256 recorded at upload.</summary>
    /// <exception cref="ArtifactNotFoundException">The job has no artifact.</exception>
    /// <exception cref="ArtifactChecksumMismatchException">A file does not match its recorded SHA-256.</exception>
    Task<IReadOnlyList<ArtifactFile>> GetAsync(JobId jobId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every file of the job; deleting what is already gone succeeds.</summary>
    Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default);
}
