using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Execution;

/// <summary>
/// The newest attempt an executor has seen of each job, so that a deployment of an older attempt arriving
/// late is refused. A floor is kept while its job runs on the executor and for <c>retention</c> after its last
/// change, then forgotten: kept forever, the executor would hold an entry for every job it ever ran. A stale
/// deployment is a grain call, and Orleans drops a call older than its response timeout, so a retention of a
/// few times that timeout loses nothing. Not thread-safe: its owner serializes the calls.
/// </summary>
internal sealed class AttemptFloors(TimeProvider time, TimeSpan retention, Func<JobId, bool> isRunning)
{
    private readonly Dictionary<JobId, Floor> _floors = [];

    // Every change of a floor, oldest first; an entry whose floor changed again since is skipped.
    private readonly Queue<(JobId JobId, long ChangedAt)> _changes = new();

    public int Count => _floors.Count;

    /// <summary>The job's floor, or null when the executor has not seen the job (or forgot it).</summary>
    public int? Of(JobId jobId)
    {
        ForgetExpired();
        return _floors.TryGetValue(jobId, out var floor) ? floor.Attempt : null;
    }

    /// <summary>Raises the job's floor to <paramref name="attempt"/>; a lower attempt leaves it as it is.</summary>
    public void Raise(JobId jobId, int attempt)
    {
        ForgetExpired();
        var current = _floors.TryGetValue(jobId, out var floor) ? floor.Attempt : int.MinValue;
        Stamp(jobId, Math.Max(current, attempt));
    }

    private void Stamp(JobId jobId, int attempt)
    {
        var now = time.GetTimestamp();
        _floors[jobId] = new Floor(attempt, now);
        _changes.Enqueue((jobId, now));
    }

    private void ForgetExpired()
    {
        var now = time.GetTimestamp();
        while (_changes.TryPeek(out var change) && time.GetElapsedTime(change.ChangedAt, now) >= retention)
        {
            _changes.Dequeue();
            if (!_floors.TryGetValue(change.JobId, out var floor) || floor.ChangedAt != change.ChangedAt)
            {
                continue;
            }

            if (isRunning(change.JobId))
            {
                Stamp(change.JobId, floor.Attempt);
            }
            else
            {
                _floors.Remove(change.JobId);
            }
        }
    }

    private readonly record struct Floor(int Attempt, long ChangedAt);
}
