using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Jobs;

namespace OrleansHa.Runtime.Leader;

/// <summary>A slot request of one job attempt.</summary>
internal sealed record SlotRequest(JobId JobId, int Attempt, int Slots);

/// <summary>The slots an attempt holds, per silo.</summary>
internal sealed record HeldSlots(JobId JobId, int Attempt, IReadOnlyDictionary<string, int> SlotsPerSilo);

/// <summary>
/// The leader's slot table: the live task executors with their slots, what each job attempt holds, and the
/// queue of waiting requests. Requests are served strictly in their order: a large request at the head is
/// not overtaken by smaller ones, so jobs start in submission order. Not thread-safe: the leader grain owns it.
/// </summary>
internal sealed class SlotTable
{
    private readonly Dictionary<string, Executor> _executors = new(StringComparer.Ordinal);
    private readonly Dictionary<JobId, HeldSlots> _held = [];
    private readonly LinkedList<SlotRequest> _queue = new();

    public IReadOnlyCollection<string> Silos => _executors.Keys;

    public IReadOnlyList<JobId> QueuedJobs => [.. _queue.Select(r => r.JobId)];

    public int FreeSlots => _executors.Values.Sum(e => e.Slots - e.Used);

    /// <returns>True when the executor was not known before.</returns>
    public bool AddOrUpdateExecutor(string silo, int slots)
    {
        if (_executors.TryGetValue(silo, out var executor))
        {
            executor.Slots = slots;
            return false;
        }

        _executors[silo] = new Executor { Slots = slots };
        return true;
    }

    /// <summary>
    /// Counts subtasks that already run on an executor as held by their attempt: a new leader learns them
    /// from the executors, so it never hands out a slot that is in use. Subtasks of an attempt older than
    /// the one the table holds or queues for the job are not counted: the job master stopped that attempt and
    /// released its slots before it asked for the next, so nothing would ever release them again.
    /// </summary>
    public void Adopt(JobId jobId, int attempt, string silo, int subtasks)
    {
        if (!_executors.TryGetValue(silo, out var executor) || _queue.Any(r => r.JobId == jobId && r.Attempt > attempt))
        {
            return;
        }

        var slotsPerSilo = new Dictionary<string, int>(StringComparer.Ordinal);
        if (_held.TryGetValue(jobId, out var held))
        {
            if (held.Attempt > attempt)
            {
                return;
            }

            if (held.Attempt < attempt)
            {
                Release(jobId, held.Attempt);
            }
            else
            {
                slotsPerSilo = held.SlotsPerSilo.ToDictionary(StringComparer.Ordinal);
                executor.Used -= slotsPerSilo.GetValueOrDefault(silo);
            }
        }

        slotsPerSilo[silo] = subtasks;
        executor.Used += subtasks;
        _held[jobId] = new HeldSlots(jobId, attempt, slotsPerSilo);
    }

    /// <summary>Drops a dead silo's executor and its slots.</summary>
    /// <returns>The jobs that held slots there.</returns>
    public IReadOnlyList<JobId> RemoveExecutor(string silo)
    {
        if (!_executors.Remove(silo))
        {
            return [];
        }

        var affected = _held.Values.Where(h => h.SlotsPerSilo.ContainsKey(silo)).ToList();
        foreach (var held in affected)
        {
            var remaining = held.SlotsPerSilo.Where(p => p.Key != silo).ToDictionary(StringComparer.Ordinal);
            _held[held.JobId] = held with { SlotsPerSilo = remaining };
        }

        return [.. affected.Select(h => h.JobId)];
    }

    /// <summary>Queues a request, replacing the job's queued request of an older attempt.</summary>
    /// <returns>The slots an older attempt of the job still held, now freed, so its subtasks can be cancelled.</returns>
    public HeldSlots? Enqueue(SlotRequest request)
    {
        var superseded = Release(request.JobId, request.Attempt - 1);
        if (_held.TryGetValue(request.JobId, out var current) && current.Attempt >= request.Attempt)
        {
            // The attempt already holds its slots: a repeated request changes nothing.
            return superseded;
        }

        if (!_queue.Any(r => r.JobId == request.JobId && r.Attempt == request.Attempt))
        {
            _queue.AddLast(request);
        }

        return superseded;
    }

    /// <summary>Frees the slots of <paramref name="attempt"/> and older attempts of the job and drops their requests.</summary>
    /// <returns>The slots freed, if the job held any.</returns>
    public HeldSlots? Release(JobId jobId, int attempt)
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.JobId == jobId && node.Value.Attempt <= attempt)
            {
                _queue.Remove(node);
            }

            node = next;
        }

        if (!_held.TryGetValue(jobId, out var held) || held.Attempt > attempt)
        {
            return null;
        }

        _held.Remove(jobId);
        foreach (var (silo, count) in held.SlotsPerSilo)
        {
            if (_executors.TryGetValue(silo, out var executor))
            {
                executor.Used = Math.Max(0, executor.Used - count);
            }
        }

        return held;
    }

    /// <summary>Grants slots to the waiting requests, in order, as long as the head of the queue fits.</summary>
    public IReadOnlyList<HeldSlots> Schedule()
    {
        var granted = new List<HeldSlots>();
        while (_queue.First is { } head && head.Value.Slots <= FreeSlots)
        {
            _queue.RemoveFirst();
            var allocation = Allocate(head.Value.Slots);
            var held = new HeldSlots(head.Value.JobId, head.Value.Attempt, allocation);
            _held[held.JobId] = held;
            granted.Add(held);
        }

        return granted;
    }

    public IReadOnlyList<ExecutorSlots> Describe() =>
        [.. _executors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new ExecutorSlots(e.Key, e.Value.Slots, e.Value.Used))];

    public static SlotAllocation ToAllocation(HeldSlots held) => new(held.SlotsPerSilo);

    /// <summary>Spreads the slots: each one goes to the executor with the most free slots.</summary>
    private Dictionary<string, int> Allocate(int slots)
    {
        var allocation = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < slots; i++)
        {
            var (silo, executor) = _executors
                .Where(e => e.Value.Used < e.Value.Slots)
                .OrderByDescending(e => e.Value.Slots - e.Value.Used)
                .ThenBy(e => allocation.GetValueOrDefault(e.Key))
                .ThenBy(e => e.Key, StringComparer.Ordinal)
                .First();
            executor.Used++;
            allocation[silo] = allocation.GetValueOrDefault(silo) + 1;
        }

        return allocation;
    }

    private sealed class Executor
    {
        public int Slots { get; set; }

        public int Used { get; set; }
    }
}
