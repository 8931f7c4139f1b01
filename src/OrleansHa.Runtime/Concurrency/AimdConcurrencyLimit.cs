using System.Diagnostics;

namespace OrleansHa.Runtime.Concurrency;

/// <summary>
/// A concurrency limit that finds how much work a store takes at once, the way TCP finds a link's window:
/// it starts at one, doubles while work completes within the latency target (slow start), then grows by one
/// per window of completions; a failure or a completion slower than the target halves it. A fixed limit
/// either leaves a fast store idle or queues a slow one past every timeout; this one queues at most about
/// a target's worth of work.
/// </summary>
/// <remarks>
/// Work that started before the last decrease cannot decrease it again: a burst of slow completions is one
/// congestion signal, not one per completion. Thread-safe; waiters are served in order.
/// </remarks>
internal sealed class AimdConcurrencyLimit
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource<Permit>> _waiters = new();
    private readonly int _maxLimit;
    private readonly TimeSpan _latencyTarget;
    private int _limit = 1;
    private int _slowStartThreshold;
    private int _completionsInWindow;
    private long _generation;
    private int _inFlight;

    public AimdConcurrencyLimit(int maxLimit, TimeSpan latencyTarget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(latencyTarget, TimeSpan.Zero);
        _maxLimit = maxLimit;
        _latencyTarget = latencyTarget;
        _slowStartThreshold = maxLimit;
    }

    /// <summary>How many permits may be out at once now.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Whether new work would wait now: every permit the limit allows is out.</summary>
    public bool IsSaturated
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count > 0 || _inFlight >= _limit;
            }
        }
    }

    /// <summary>A permit at once while fewer than <see cref="Limit"/> are out, else when one is released.</summary>
    public Task<Permit> AcquireAsync()
    {
        lock (_lock)
        {
            if (_waiters.Count == 0 && _inFlight < _limit)
            {
                _inFlight++;
                return Task.FromResult(new Permit(_generation));
            }

            var waiter = new TaskCompletionSource<Permit>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            return waiter.Task;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> once a permit is free and returns the permit with how long the work took
    /// and whether it succeeded: what it returns, false when it throws.
    /// </summary>
    public async Task RunAsync(Func<Task<bool>> work)
    {
        var permit = await AcquireAsync();
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            succeeded = await work();
        }
        finally
        {
            Release(permit, Stopwatch.GetElapsedTime(started), succeeded);
        }
    }

    /// <summary>Returns a permit with what its work showed of the store: how long it took and whether it succeeded.</summary>
    public void Release(Permit permit, TimeSpan latency, bool succeeded)
    {
        var granted = new List<TaskCompletionSource<Permit>>();
        Permit next;
        lock (_lock)
        {
            _inFlight--;
            if (!succeeded || latency > _latencyTarget)
            {
                Decrease(permit);
            }
            else
            {
                Increase();
            }

            next = new Permit(_generation);
            while (_waiters.Count > 0 && _inFlight < _limit)
            {
                _inFlight++;
                granted.Add(_waiters.Dequeue());
            }
        }

        // Outside the lock: the continuations run asynchronously, but completing them is still work.
        foreach (var waiter in granted)
        {
            waiter.SetResult(next);
        }
    }

    private void Increase()
    {
        if (_limit < _slowStartThreshold)
        {
            _limit++;
        }
        else if (++_completionsInWindow >= _limit)
        {
            _limit++;
            _completionsInWindow = 0;
        }

        _limit = Math.Min(_limit, _maxLimit);
    }

    private void Decrease(Permit permit)
    {
        if (permit.Generation != _generation)
        {
            return;
        }

        _generation++;
        _limit = Math.Max(1, _limit / 2);
        _slowStartThreshold = _limit;
        _completionsInWindow = 0;
    }

    /// <summary>The right to run one piece of work; it carries the limit's generation it was granted under.</summary>
    internal readonly record struct Permit(long Generation);
}
