using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;

namespace OrleansHa.Runtime.Leader;

/// <summary>The leader grain's runtime-facing side: executors register, job grains ask for and give back slots.</summary>
public interface IJobManagerInternalGrain : IJobManagerGrain
{
    /// <summary>An executor registers its slots and the subtasks it runs, which the leader counts as held.</summary>
    Task RegisterExecutorAsync(ExecutorInfo executor);

    /// <summary>Queues a slot request of an attempt; the leader answers with <c>OnSlotsAllocatedAsync</c>.</summary>
    Task RequestSlotsAsync(JobId jobId, int attempt, int slots);

    /// <summary>Frees the slots of an attempt (and older ones) and drops its queued request.</summary>
    Task ReleaseSlotsAsync(JobId jobId, int attempt);

    /// <summary>Whether the leader counts the job as submitted and not yet globally terminal.</summary>
    Task<bool> IsJobLiveAsync(JobId jobId);

    /// <summary>The job reached a globally terminal status: free its slots and forget it.</summary>
    Task OnJobTerminatedAsync(JobId jobId, JobStatus status);
}
