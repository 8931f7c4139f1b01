using OrleansHa.Grains;

namespace OrleansHa.Runtime.Jobs;

/// <summary>The job grain's in-memory picture of one attempt.</summary>
internal sealed class AttemptRun
{
    public AttemptRun(int attempt, int parallelism, CompletedCheckpoint? restore, IReadOnlyDictionary<int, byte[]>? restorePayloads = null)
    {
        Attempt = attempt;
        Parallelism = parallelism;
        RestoredCheckpointId = restore?.CheckpointId;
        RestorePayloads = restorePayloads ?? new Dictionary<int, byte[]>();
        if (restore is not null)
        {
            foreach (var (subtask, accumulators) in restore.FinishedSubtasks)
            {
                Finished[subtask] = accumulators;
            }
        }
    }

    public int Attempt { get; }

    public int Parallelism { get; }

    public long? RestoredCheckpointId { get; }

    /// <summary>The restored checkpoint's inline payloads, by subtask; handed to the executors with the deployment.</summary>
    public IReadOnlyDictionary<int, byte[]> RestorePayloads { get; }

    /// <summary>Subtasks that finished, with their final accumulators (including those finished in the restored checkpoint).</summary>
    public Dictionary<int, IReadOnlyDictionary<string, long>> Finished { get; } = [];

    /// <summary>Where each deployed subtask runs.</summary>
    public Dictionary<int, string> Placement { get; } = [];

    public bool Deployed { get; set; }

    public bool AllFinished => Finished.Count == Parallelism;

    public IReadOnlyList<int> SubtasksToRun => [.. Enumerable.Range(0, Parallelism).Where(i => !Finished.ContainsKey(i))];

    /// <summary>The silos that run subtasks of this attempt which have not finished.</summary>
    public IReadOnlyList<string> ActiveSilos =>
        [.. Placement.Where(p => !Finished.ContainsKey(p.Key)).Select(p => p.Value).Distinct(StringComparer.Ordinal)];

    public IReadOnlyDictionary<string, long> SumOfFinishedAccumulators()
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var accumulators in Finished.Values)
        {
            foreach (var (name, value) in accumulators)
            {
                sum[name] = sum.GetValueOrDefault(name) + value;
            }
        }

        return sum;
    }
}
