using OrleansHa.Authoring;
using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Execution;

/// <summary>The context of one running subtask.</summary>
internal sealed class TaskContext(
    DeploymentRequest deployment,
    int subtaskIndex,
    ReadOnlyMemory<byte>? restoredState,
    TaskAccumulators accumulators,
    Func<TaskContext, long, ReadOnlyMemory<byte>, ValueTask> storeSnapshot,
    CancellationToken cancellationToken) : ITaskContext
{
    private long _pendingCheckpointId;

    // A checkpoint is taken at most once: a repeated trigger must not overwrite a payload already acknowledged.
    private long _lastTakenCheckpointId;

    public JobId JobId => deployment.Spec.JobId;

    public int SubtaskIndex { get; } = subtaskIndex;

    public int Parallelism => deployment.Spec.Parallelism;

    public int Attempt => deployment.Attempt;

    public IReadOnlyDictionary<string, string> Parameters => deployment.Spec.Parameters;

    public ReadOnlyMemory<byte>? RestoredState { get; } = restoredState;

    public ITaskAccumulators Accumulators => accumulators;

    internal TaskAccumulators AccumulatorValues => accumulators;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Marks a checkpoint pending; a newer trigger replaces an older one not taken yet.</summary>
    public void RequestCheckpoint(long checkpointId)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _pendingCheckpointId);
            if (current >= checkpointId || Volatile.Read(ref _lastTakenCheckpointId) >= checkpointId)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pendingCheckpointId, checkpointId, current) != current);
    }

    public ValueTask SafePointAsync(Func<ReadOnlyMemory<byte>> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // The common case, no checkpoint pending, is one volatile read and no allocation.
        if (Volatile.Read(ref _pendingCheckpointId) == 0)
        {
            return ValueTask.CompletedTask;
        }

        var checkpointId = Interlocked.Exchange(ref _pendingCheckpointId, 0);
        if (checkpointId == 0)
        {
            return ValueTask.CompletedTask;
        }

        Volatile.Write(ref _lastTakenCheckpointId, checkpointId);
        return storeSnapshot(this, checkpointId, snapshot());
    }
}
