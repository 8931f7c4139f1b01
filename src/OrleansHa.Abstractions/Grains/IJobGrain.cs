using OrleansHa.Jobs;

namespace OrleansHa.Grains;

/// <summary>The job grain, one per job (key: the job id): Flink's JobMaster.</summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <exception cref="UnknownJobException">No job with this id was submitted.</exception>
    Task<JobDetails> GetDetailsAsync();

    /// <summary>
    /// Cancels the job: its subtasks stop, their slots are freed, and it ends CANCELED. Cancelling a job that
    /// already ended changes nothing.
    /// </summary>
    /// <exception cref="UnknownJobException">No job with this id was submitted.</exception>
    Task CancelAsync();
}
