using System.Diagnostics;

namespace OrleansHa.Runtime.Concurrency;

/// <summary>
/// A concurrency limit that finds how much work a store takes at once, the way TCP finds a link's window:
/// it starts at one, doubles while work completes within the latency target (slow start), then grows by one
/// per window of completions; a failure, or a window whose completions took longer than the target on
/// average, halves it. A fixed limit either leaves a fast store idle or queues a slow one past every
/// timeout; this one queues at most about a target's worth of work.
/// </summary>
/// <remarks>
/// A window is as many completions as the limit allowed when it began. The window's mean decides, not each
/// completion: a busy store's latency has a tail, and halving on every completion in it held a healthy store
/// at half its rate (checkpoints, docs/benchmarks.md). Work granted before the last decrease says nothing
/// about the store at the new limit and is not counted: a burst of slow completions is one congestion
/// signal, not one per completion. Thread-safe; waiters are served in order.
/// </remarks>
internal sealed class AimdConcurrencyLimit
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource<Permit>> _waiters = new();
    private readonly int _maxLimit;
    private readonly TimeSpan _latencyTarget;
    private int _limit = 1;
    private int _slowStartThreshold;
    private int _windowSize = 1;
    private int _completionsInWindow;
    private TimeSpan _latencyInWindow;
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
            if (permit.Generation == _generation)
            {
                Observe(latency, succeeded);
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

    private void Observe(TimeSpan latency, bool succeeded)
    {
        if (!succeeded)
        {
            Decrease();
            return;
        }

        var inSlowStart = _limit < _slowStartThreshold;
        if (inSlowStart && latency <= _latencyTarget)
        {
            _limit = Math.Min(_limit + 1, _maxLimit);
        }

        _latencyInWindow += latency;
        if (++_completionsInWindow < _windowSize)
        {
            return;
        }

        if (_latencyInWindow / _completionsInWindow > _latencyTarget)
        {
            Decrease();
            return;
        }

        if (!inSlowStart)
        {
            _limit = Math.Min(_limit + 1, _maxLimit);
        }

        StartWindow();
    }

    private void Decrease()
    {
        _generation++;
        _limit = Math.Max(1, _limit / 2);
        _slowStartThreshold = _limit;
        StartWindow();
    }

    private void StartWindow()
    {
        _windowSize = _limit;
        _completionsInWindow = 0;
        _latencyInWindow = TimeSpan.Zero;
    }

    /// <summary>The right to run one piece of work; it carries the limit's generation it was granted under.</summary>
    internal readonly record struct Permit(long Generation);
}
