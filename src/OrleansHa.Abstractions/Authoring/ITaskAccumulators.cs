namespace OrleansHa.Authoring;

/// <summary>A subtask's named counters; the job's result holds their sums over all subtasks.</summary>
public interface ITaskAccumulators
{
    void Add(string name, long delta);

    /// <summary>The counter's current value in this subtask; 0 when it was never added to.</summary>
    long Get(string name);

    IReadOnlyDictionary<string, long> Snapshot();
}
