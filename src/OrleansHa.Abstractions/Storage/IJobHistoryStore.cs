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

    /// <summary>
    /// The ids of the jobs that have a record, from the listing alone (no record is read). A record written
    /// before the enumeration starts is in it, unless deleted meanwhile; one written during it may be or not.
    /// </summary>
    IAsyncEnumerable<JobId> ListJobIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// One step of the retention sweep: examines at most <paramref name="maxRecords"/> records, in the store's
    /// listing order from <paramref name="continuation"/> (null: from the first), and deletes those written
    /// before <paramref name="cutoff"/>. Records are named by job id, not by time, so finding the old ones
    /// means reading the whole listing; a step bounds what one call costs however large the history grows.
    /// </summary>
    Task<HistorySweepStep> SweepAsync(
        DateTimeOffset cutoff, string? continuation, int maxRecords, CancellationToken cancellationToken = default);
}
