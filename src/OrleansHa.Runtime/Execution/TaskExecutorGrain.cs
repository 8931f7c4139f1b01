using Orleans.Concurrency;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Leader;
using OrleansHa.Runtime.Placement;

namespace OrleansHa.Runtime.Execution;

/// <summary>
/// The addressable face of the silo's <see cref="TaskExecutorService"/>, pinned to its silo. It is reentrant:
/// the service is thread-safe, and cancelling one job must not hold up deployments of others.
/// </summary>
[SiloPinnedPlacement]
[Reentrant]
internal sealed class TaskExecutorGrain(TaskExecutorService executor) : Grain, ITaskExecutorGrain
{
    public Task<DeploymentResult> DeployAsync(DeploymentRequest request) => executor.DeployAsync(request);

    public Task CancelAsync(JobId jobId, int attempt) => executor.CancelAsync(jobId, attempt);

    public Task TriggerCheckpointAsync(JobId jobId, int attempt, long checkpointId)
    {
        executor.TriggerCheckpoint(jobId, attempt, checkpointId);
        return Task.CompletedTask;
    }

    public Task RegisterAsync() =>
        GrainFactory.GetGrain<IJobManagerInternalGrain>(IJobManagerGrain.Key).RegisterExecutorAsync(executor.GetInfo());

    public Task<ExecutorInfo> GetInfoAsync() => Task.FromResult(executor.GetInfo());

    public Task<IReadOnlyList<RunningSubtask>> GetRunningAsync(JobId jobId) => Task.FromResult(executor.GetRunning(jobId));
}
