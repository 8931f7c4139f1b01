using OrleansHa.Jobs;

namespace OrleansHa.Authoring;

/// <summary>What a running subtask knows about itself and how it takes part in checkpoints.</summary>
public interface ITaskContext
{
    JobId JobId { get; }

    /// <summary>This subtask's index, from 0 to <see cref="Parallelism"/> - 1.</summary>
    int SubtaskIndex { get; }

    int Parallelism { get; }

    /// <summary>1 for the job's first run, one more for each restart.</summary>
    int Attempt { get; }

    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>
    /// The snapshot this subtask took in the checkpoint the job restored from, or null when the subtask
    /// starts from scratch.
    /// </summary>
    ReadOnlyMemory<byte>? RestoredState { get; }

    /// <summary>
    /// Named counters that make up the job's result. They are part of every checkpoint snapshot and are
    /// restored with it, so work redone after a restart is never counted twice.
    /// </summary>
    ITaskAccumulators Accumulators { get; }

    /// <summary>Cancelled when the job is cancelled, restarts, or the silo shuts down.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>
    /// A point where the subtask's state is consistent with its accumulators. When a checkpoint is pending,
    /// this calls <paramref name="snapshot"/>, stores its bytes with the accumulators, and returns once they
    /// are stored; otherwise it returns at once without calling it.
    /// </summary>
    ValueTask SafePointAsync(Func<ReadOnlyMemory<byte>> snapshot);
}
