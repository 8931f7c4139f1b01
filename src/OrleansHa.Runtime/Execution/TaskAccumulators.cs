using OrleansHa.Authoring;

namespace OrleansHa.Runtime.Execution;

/// <summary>A subtask's counters; thread-safe, since user code may add from several threads.</summary>
internal sealed class TaskAccumulators : ITaskAccumulators
{
    private readonly Dictionary<string, long> _values;
    private readonly Lock _lock = new();

    public TaskAccumulators(IReadOnlyDictionary<string, long>? restored = null)
    {
        _values = restored is null
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(restored, StringComparer.Ordinal);
    }

    public void Add(string name, long delta)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            _values[name] = _values.GetValueOrDefault(name) + delta;
        }
    }

    public long Get(string name)
    {
        lock (_lock)
        {
            return _values.GetValueOrDefault(name);
        }
    }

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        lock (_lock)
        {
            return new Dictionary<string, long>(_values, StringComparer.Ordinal);
        }
    }
}
