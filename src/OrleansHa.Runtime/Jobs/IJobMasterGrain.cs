using OrleansHa.Grains;
using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Jobs;

/// <summary>
/// The job grain's runtime-facing side: commands of the leader (carrying its epoch, for fencing) and the
/// reports of the task executors (carrying the attempt, so reports of older attempts are ignored).
/// </summary>
public interface IJobMasterGrain : IJobGrain
{
    /// <summary>Persists the job (one write) and stores its artifact; the leader then queues its slot request.</summary>
    /// <exception cref="DuplicateJobSubmissionException">The job grain already holds a job.</exception>
    Task StartAsync(long epoch, JobSpec spec, IReadOnlyList<JobArtifactFile> artifactFiles);

    /// <summary>The leader granted the slots an attempt asked for.</summary>
    Task OnSlotsAllocatedAsync(long epoch, int attempt, SlotAllocation allocation);

    /// <summary>
    /// A new leader recovers the job: a job master that still runs keeps running and asks again for the slots
    /// it waits for; one whose activation was lost reconciles with the task executors (RECONCILING), adopting
    /// its subtasks when all of them still run, else restarting from the latest completed checkpoint.
    /// </summary>
    /// <returns>False when the job is not live (no state, or it already ended), so the leader forgets it.</returns>
    Task<bool> RecoverAsync(long epoch);

    /// <summary>
    /// Deletes the job's HA data: its checkpoints (metadata and payloads), its artifacts and its own state.
    /// Idempotent; called once the job's dirty JobResultStore entry exists.
    /// </summary>
    Task CleanUpHaDataAsync();

    /// <summary>A silo left the cluster; the job restarts if it ran subtasks there, or resumes if it was lost.</summary>
    Task OnSiloLostAsync(long epoch, string silo);

    /// <returns>False when the attempt is no longer current and the reporting subtask should stop.</returns>
    Task<bool> OnSubtaskFinishedAsync(int attempt, int subtask, IReadOnlyDictionary<string, long> accumulators);

    /// <returns>False when the attempt is no longer current.</returns>
    Task<bool> OnSubtaskFailedAsync(int attempt, int subtask, string cause, bool recoverable);

    /// <param name="inlinePayload">
    /// The subtask's payload when it is small enough to be stored with the checkpoint's metadata; null when the
    /// subtask wrote it to the checkpoint payload store.
    /// </param>
    /// <returns>False when the attempt is no longer current and the acknowledging subtask should stop.</returns>
    Task<bool> AcknowledgeCheckpointAsync(int attempt, long checkpointId, int subtask, byte[]? inlinePayload);
}

/// <summary>The slots the leader allocated to one attempt: how many on each silo's task executor.</summary>
[GenerateSerializer]
[Alias("orleansha.SlotAllocation")]
[Immutable]
public sealed record SlotAllocation([property: Id(0)] IReadOnlyDictionary<string, int> SlotsPerSilo)
{
    public int Total => SlotsPerSilo.Values.Sum();
}
