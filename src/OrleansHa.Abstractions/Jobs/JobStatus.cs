namespace OrleansHa.Jobs;

/// <summary>The status of a job, with Flink's names (JobStatus in flink-core).</summary>
/// <remarks>The numeric values are a storage contract: never renumber them.</remarks>
[GenerateSerializer]
[Alias("orleansha.JobStatus")]
public enum JobStatus
{
    Initializing = 0,
    Created = 1,
    Running = 2,
    Failing = 3,
    Restarting = 4,
    Cancelling = 5,
    Reconciling = 6,
    Suspended = 7,
    Finished = 8,
    Failed = 9,
    Canceled = 10,
}

public static class JobStatusExtensions
{
    /// <summary>
    /// FINISHED, FAILED and CANCELED end a job for the whole cluster: such a job never runs again and has
    /// exactly one JobResultStore entry.
    /// </summary>
    public static bool IsGloballyTerminal(this JobStatus status) =>
        status is JobStatus.Finished or JobStatus.Failed or JobStatus.Canceled;
}
