using OrleansHa.Jobs;

namespace OrleansHa.Storage;

/// <summary>The base of the errors the HA stores raise for a known reason.</summary>
public abstract class OrleansHaStorageException : Exception
{
    protected OrleansHaStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A job already has a JobResultStore entry: its result was recorded once and stays so.</summary>
public sealed class JobResultEntryAlreadyExistsException(JobId jobId, bool isClean)
    : OrleansHaStorageException(
        $"Job '{jobId}' already has a {(isClean ? "clean" : "dirty")} JobResultStore entry: a job has exactly " +
        "one result. Submit the work again under a new job id.")
{
    public JobId JobId { get; } = jobId;

    public bool IsClean { get; } = isClean;
}

/// <summary>A JobResultStore entry to mark clean does not exist.</summary>
public sealed class NoSuchJobResultEntryException(JobId jobId)
    : OrleansHaStorageException(
        $"Job '{jobId}' has no dirty JobResultStore entry to mark clean. Create its dirty entry first.")
{
    public JobId JobId { get; } = jobId;
}

/// <summary>A stored record (grain state, JobResultStore entry, history record) cannot be read.</summary>
public sealed class CorruptStoredRecordException(string location, string reason, Exception? innerException = null)
    : OrleansHaStorageException(
        $"The stored record '{location}' cannot be read: {reason}. It was left as it is; inspect it, then repair " +
        "or delete it.", innerException)
{
    /// <summary>The blob name or file path of the record.</summary>
    public string Location { get; } = location;
}

/// <summary>A job's artifact files together exceed the configured size limit.</summary>
public sealed class ArtifactTooLargeException(JobId jobId, long size, long limit)
    : OrleansHaStorageException(
        $"The artifact of job '{jobId}' has {size} bytes, more than the limit of {limit} bytes. Upload fewer " +
        "or smaller assemblies, or raise the artifact store's MaxArtifactBytes.")
{
    public JobId JobId { get; } = jobId;

    public long Size { get; } = size;

    public long Limit { get; } = limit;
}

/// <summary>A job has no artifact in the store.</summary>
public sealed class ArtifactNotFoundException(JobId jobId)
    : OrleansHaStorageException(
        $"Job '{jobId}' has no artifact in the artifact store. Submit it again with its assembly files.")
{
    public JobId JobId { get; } = jobId;
}

/// <summary>A stored artifact file no longer matches the SHA-256 recorded when it was uploaded.</summary>
public sealed class ArtifactChecksumMismatchException(JobId jobId, string fileName, string expected, string actual)
    : OrleansHaStorageException(
        $"Artifact file '{fileName}' of job '{jobId}' has SHA-256 {actual}, but {expected} was recorded at " +
        "upload: the stored file was altered or damaged. Submit the job again with its assembly files.")
{
    public JobId JobId { get; } = jobId;

    public string FileName { get; } = fileName;
}

/// <summary>A checkpoint payload is not in the store.</summary>
public sealed class CheckpointPayloadNotFoundException(JobId jobId, long checkpointId, int subtask)
    : OrleansHaStorageException(
        $"Checkpoint {checkpointId} of job '{jobId}' has no payload for subtask {subtask}.")
{
    public JobId JobId { get; } = jobId;

    public long CheckpointId { get; } = checkpointId;

    public int Subtask { get; } = subtask;
}

/// <summary>
/// The storage endpoint could not be reached or answered with a server error: a transient condition.
/// The call may be retried once the endpoint answers again.
/// </summary>
public sealed class StorageUnavailableException(string endpoint, string operation, Exception innerException)
    : OrleansHaStorageException(
        $"Storage at '{endpoint}' did not complete '{operation}': {innerException.Message}. Check that the " +
        "storage service is running and reachable; the operation can be retried.", innerException)
{
    public string Endpoint { get; } = endpoint;

    public string Operation { get; } = operation;
}
