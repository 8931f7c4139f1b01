using OrleansHa.Jobs;
using OrleansHa.Leadership;

namespace OrleansHa.Grains;

/// <summary>
/// The leader grain, one per cluster (key <see cref="Key"/>): Flink's Dispatcher and ResourceManager. It
/// validates submissions, rejects duplicates, keeps the slot table of the live silos' task executors and
/// hands slots to jobs in submission order.
/// </summary>
public interface IJobManagerGrain : IGrainWithIntegerKey
{
    /// <summary>The one key of the leader grain.</summary>
    const long Key = 0;

    /// <summary>Submits a job; it runs as soon as enough slots are free.</summary>
    /// <param name="spec">The job.</param>
    /// <param name="artifactFiles">The assemblies with the job's code; empty for a type deployed on the silos.</param>
    /// <exception cref="JobSpecValidationException">The spec or the artifact is invalid.</exception>
    /// <exception cref="DuplicateJobSubmissionException">A job with that id runs or has ended.</exception>
    Task<JobId> SubmitAsync(JobSpec spec, IReadOnlyList<JobArtifactFile> artifactFiles);

    /// <summary>The task executors the leader knows, with their slots.</summary>
    Task<ClusterSlots> GetClusterSlotsAsync();

    /// <summary>The jobs waiting for slots, in the order they will get them.</summary>
    Task<IReadOnlyList<JobId>> GetQueuedJobsAsync();

    /// <summary>The leader's silo, the epoch it won and since when it leads.</summary>
    Task<LeaderInfo> GetLeaderAsync();

    /// <summary>The jobs the leader counts as submitted and not yet globally terminal.</summary>
    Task<IReadOnlyList<JobId>> GetLiveJobsAsync();

    /// <summary>The recorded result of a job that reached a globally terminal status (its history record), or null.</summary>
    Task<JobResult?> GetRecordedResultAsync(JobId jobId);
}

/// <summary>The slot table of the leader.</summary>
/// <param name="LeaderSilo">The silo that hosts the leader grain.</param>
/// <param name="Epoch">The leadership epoch.</param>
/// <param name="Executors">One entry per live task executor.</param>
[GenerateSerializer]
[Alias("orleansha.ClusterSlots")]
[Immutable]
public sealed record ClusterSlots(
    [property: Id(0)] string LeaderSilo,
    [property: Id(1)] long Epoch,
    [property: Id(2)] IReadOnlyList<ExecutorSlots> Executors)
{
    public int TotalSlots => Executors.Sum(e => e.Slots);

    public int UsedSlots => Executors.Sum(e => e.UsedSlots);
}

/// <summary>One task executor's slots.</summary>
[GenerateSerializer]
[Alias("orleansha.ExecutorSlots")]
[Immutable]
public sealed record ExecutorSlots(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Slots,
    [property: Id(2)] int UsedSlots);
