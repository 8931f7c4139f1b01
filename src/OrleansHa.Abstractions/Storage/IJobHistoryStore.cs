using OrleansHa.Jobs;

namespace OrleansHa.Storage;

/// <summary>
/// The archive of finished jobs' results for clients, under <c>&lt;cluster-id&gt;/history/&lt;job-id&gt;.json</c>.
/// It outlives the job's HA data, so a client can fetch a result after cleanup, until the retention ends.
/// </summary>
public interface IJobHistoryStore
{
    /// <summary>Writes the job's record; writing the same job again replaces it (the write is idempotent).</summary>
    Task PutAsync(JobResult result, CancellationToken cancellationToken = default);

    /// <summary>The job's record, or null when there is none (never written, or past its retention).</summary>
    Task<JobResult?> GetAsync(JobId jobId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the records written before <paramref name="cutoff"/>; returns how many it deleted.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
