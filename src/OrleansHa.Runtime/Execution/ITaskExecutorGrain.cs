using Orleans.Concurrency;
using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Execution;

/// <summary>
/// The task executor of one silo (key: the silo's address): Flink's TaskManager. It runs subtasks in its
/// slots off the grain scheduler, cancels them, and forwards checkpoint triggers to them.
/// </summary>
public interface ITaskExecutorGrain : IGrainWithStringKey
{
    /// <summary>Starts subtasks; rejects an attempt older than one it has already seen for the job.</summary>
    Task<DeploymentResult> DeployAsync(DeploymentRequest request);

    /// <summary>Cancels the job's subtasks of <paramref name="attempt"/> and older, and waits for them to stop.</summary>
    Task CancelAsync(JobId jobId, int attempt);

    /// <summary>
    /// Asks the job's subtasks of <paramref name="attempt"/> to snapshot at their next safe point. One-way: the
    /// job grain learns of the checkpoint from the acknowledgements, and a trigger that is lost only lets the
    /// checkpoint time out, so a response per trigger would be a message for nothing.
    /// </summary>
    [OneWay]
    Task TriggerCheckpointAsync(JobId jobId, int attempt, long checkpointId);

    /// <summary>Registers this executor and its slots with the leader.</summary>
    Task RegisterAsync();

    Task<ExecutorInfo> GetInfoAsync();

    /// <summary>The job's subtasks that run here now, of any attempt.</summary>
    Task<IReadOnlyList<RunningSubtask>> GetRunningAsync(JobId jobId);
}
