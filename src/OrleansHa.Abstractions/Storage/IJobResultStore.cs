using OrleansHa.Jobs;

namespace OrleansHa.Storage;

/// <summary>
/// Records the final result of every job that reached a globally terminal status: Flink's JobResultStore
/// (FLIP-194). An entry is created dirty before the job's HA data is cleaned and marked clean after, so a
/// leader that takes over knows which jobs must only be cleaned, never run again.
/// </summary>
public interface IJobResultStore
{
    /// <summary>Creates the job's dirty entry; there is at most one entry per job, ever.</summary>
    /// <exception cref="JobResultEntryAlreadyExistsException">The job has an entry, dirty or clean.</exception>
    Task CreateDirtyResultAsync(JobResult result, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the job's entry clean once its HA data is gone: deletes the entry when the store is configured
    /// to delete on commit, otherwise keeps it as a clean entry.
    /// </summary>
    /// <exception cref="NoSuchJobResultEntryException">The job has no dirty entry.</exception>
    Task MarkResultAsCleanAsync(JobId jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether marking an entry clean deletes it (Flink's job-result-store.delete-on-commit): then the store
    /// holds dirty entries only, and a job with an entry always has its history record too.
    /// </summary>
    bool DeletesOnCommit => false;

    Task<bool> HasEntryAsync(JobId jobId, CancellationToken cancellationToken = default);

    Task<bool> HasDirtyEntryAsync(JobId jobId, CancellationToken cancellationToken = default);

    Task<bool> HasCleanEntryAsync(JobId jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The results of every dirty entry. An entry that cannot be read is reported in the log and left out;
    /// it never fails the listing.
    /// </summary>
    Task<IReadOnlyList<JobResult>> GetDirtyResultsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The ids of every dirty entry, for callers that only need to know which jobs are still to be cleaned
    /// (the cleanup drain, a new leader's recovery). A store should answer from its listing alone, without
    /// reading any entry: then an entry whose content is corrupt is listed too, since its name, not its
    /// content, says that its job ended, and the job is cleaned like any other.
    /// </summary>
    /// <remarks>
    /// The default reads every entry through <see cref="GetDirtyResultsAsync"/> (one request per entry, and
    /// a corrupt entry left out), so that stores written before this method keep working.
    /// </remarks>
    async Task<IReadOnlyList<JobId>> GetDirtyJobIdsAsync(CancellationToken cancellationToken = default) =>
        [.. (await GetDirtyResultsAsync(cancellationToken)).Select(result => result.JobId)];
}
