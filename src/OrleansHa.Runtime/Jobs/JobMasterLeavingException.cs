namespace OrleansHa.Runtime.Jobs;

/// <summary>
/// The job grain's silo is shutting down: its activation is about to go, so it takes no part in a recovery
/// that it could not carry through. The leader asks again, and the next call activates the job grain on a
/// live silo.
/// </summary>
[GenerateSerializer]
[Alias("orleansha.JobMasterLeavingException")]
public sealed class JobMasterLeavingException(string jobId)
    : Exception($"The job grain of job {jobId} is on a silo that is shutting down; ask it again once it has moved.")
{
    [Id(0)]
    public string JobId { get; private set; } = jobId;
}
