namespace OrleansHa.Leadership;

/// <summary>Finds the current leader (Flink's LeaderRetrievalService, as a read).</summary>
public interface ILeaderInfoRetriever
{
    /// <returns>
    /// The published leader info, or null when none is published or the record cannot be read: an unreadable
    /// record is logged by the backend and reported as "no leader known", so that it never crashes the caller;
    /// the next leader's publication replaces it.
    /// </returns>
    Task<LeaderInfo?> GetAsync(CancellationToken cancellationToken = default);
}
