using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// The job ids that may have a history record, as far as one leader activation knows: those the history
/// listed after the leader's recovery, and every job the leader stopped counting as live since. Once the
/// listing is complete, an id outside the set has no record, so a submission under it needs no storage read
/// to rule out a globally terminated job; an id inside it is only a "maybe", answered by reading the record.
/// </summary>
/// <remarks>
/// It keeps 32-bit hashes of the ids, not the ids: about 22 bytes per id instead of about 100, and a
/// collision costs only the read that the check made before this set existed. Past <c>capacity</c> ids it
/// stops answering for good (every submission reads again), so its memory stays bounded whatever the
/// history's size. It never forgets an id: a record deleted by the retention sweep leaves a "maybe" behind.
/// Not thread-safe: the leader grain calls it on its own turns only.
/// </remarks>
internal sealed class RecordedJobIds(int capacity)
{
    private readonly HashSet<int> _hashes = [];
    private bool _listed;

    /// <summary>Whether more ids were added than the capacity allows (or it is 0): the set no longer answers.</summary>
    public bool IsOverCapacity { get; private set; } = capacity == 0;

    /// <summary>Whether the listing completed within the capacity, so that <see cref="RulesOut"/> can answer.</summary>
    public bool IsComplete => _listed && !IsOverCapacity;

    public int Count => _hashes.Count;

    /// <summary>True when the job certainly has no history record; false when it may have one.</summary>
    public bool RulesOut(JobId jobId) => IsComplete && !_hashes.Contains(Hash(jobId));

    /// <summary>Counts the id as one that may have a record: listed, or no longer live under this leader.</summary>
    public void Add(JobId jobId)
    {
        if (IsOverCapacity)
        {
            return;
        }

        _hashes.Add(Hash(jobId));
        if (_hashes.Count > capacity)
        {
            IsOverCapacity = true;
            _hashes.Clear();
            _hashes.TrimExcess();
        }
    }

    /// <summary>The history was listed whole, after the leader's recovery had counted every stored job as live.</summary>
    public void MarkListed() => _listed = true;

    private static int Hash(JobId jobId) => string.GetHashCode(jobId.Value, StringComparison.Ordinal);
}
