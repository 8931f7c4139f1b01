namespace OrleansHa.Jobs;

/// <summary>The final result of a job that reached a globally terminal status.</summary>
/// <param name="JobId">The job.</param>
/// <param name="FinalStatus">FINISHED, FAILED or CANCELED.</param>
/// <param name="Accumulators">Named counters that the job's subtasks added up: the job's output.</param>
/// <param name="NetRuntime">Time from the job's first start to its final status.</param>
/// <param name="FailureCause">Why the job failed, when it did.</param>
[GenerateSerializer]
[Alias("orleansha.JobResult")]
[Immutable]
public sealed record JobResult(
    [property: Id(0)] JobId JobId,
    [property: Id(1)] JobStatus FinalStatus,
    [property: Id(2)] IReadOnlyDictionary<string, long> Accumulators,
    [property: Id(3)] TimeSpan NetRuntime,
    [property: Id(4)] string? FailureCause)
{
    public bool Succeeded => FinalStatus == JobStatus.Finished;
}
