using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Execution;

/// <summary>
/// The subtasks of one attempt of one job on this silo, with the job's code: the entry type and, for an
/// uploaded artifact, its load context, unloaded when the last subtask here ends.
/// </summary>
internal sealed class JobExecution(JobId jobId, int attempt, Type entryType, JobAssemblyLoadContext? loadContext, CancellationToken stopping)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, SubtaskRun> _subtasks = [];

    // Not a linked source: that one must be disposed to leave the silo's token, and a cancel racing the end of
    // the last subtask then met a disposed source (the silo's stop cancels its token, the subtasks end, then it
    // cancels each execution it saw running: ObjectDisposedException). A plain source needs no disposal; only
    // its registration on the silo's token is removed when the execution ends, so the silo keeps nothing of it.
    private readonly (CancellationTokenSource Source, CancellationTokenRegistration OnStopping) _cancellation = Follow(stopping);
    private bool _unloaded;

    // Checkpoint payload writes of the subtasks here: once cancelled, none starts, and the cancel waits for
    // those in flight (see WritePayloadAsync).
    private bool _payloadWritesClosed;
    private int _payloadWritesInFlight;
    private TaskCompletionSource? _payloadWritesDrained;

    public JobId JobId { get; } = jobId;

    public int Attempt { get; } = attempt;

    public Type EntryType { get; } = entryType;

    public CancellationToken CancellationToken => _cancellation.Source.Token;

    public bool HasArtifactContext => loadContext is not null && !_unloaded;

    public bool HadArtifactContext => loadContext is not null;

    /// <summary>Raised once, when the last subtask ended and the load context (if any) was unloaded.</summary>
    public event Action<JobExecution>? Ended;

    public bool TryAdd(SubtaskRun run)
    {
        lock (_lock)
        {
            return !_unloaded && _subtasks.TryAdd(run.Index, run);
        }
    }

    public IReadOnlyList<SubtaskRun> Subtasks
    {
        get
        {
            lock (_lock)
            {
                return [.. _subtasks.Values];
            }
        }
    }

    public void RequestCheckpoint(long checkpointId)
    {
        foreach (var run in Subtasks)
        {
            run.RequestCheckpoint(checkpointId);
        }
    }

    /// <summary>
    /// Cancels every subtask and waits until they stopped or the timeout passed, and in any case until no
    /// checkpoint payload write of theirs is in flight: the job master deletes the payloads once this returns.
    /// </summary>
    /// <returns>False when some user code ignored its cancellation token past the timeout.</returns>
    public async Task<bool> CancelAsync(TimeSpan timeout)
    {
        await _cancellation.Source.CancelAsync();
        Task writesDrained;
        lock (_lock)
        {
            _payloadWritesClosed = true;
            _payloadWritesDrained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_payloadWritesInFlight == 0)
            {
                _payloadWritesDrained.TrySetResult();
            }

            writesDrained = _payloadWritesDrained.Task;
        }

        var running = Subtasks.Select(s => s.UserCodeEnded).ToArray();
        bool stopped;
        try
        {
            await Task.WhenAll(running).WaitAsync(timeout);
            stopped = true;
        }
        catch (TimeoutException)
        {
            stopped = false;
        }

        // Not bounded by the timeout: a write abandoned here could still land after the job's payloads were
        // deleted. The store's own timeouts bound it (and the silo's stop cuts it short).
        await writesDrained;
        return stopped;
    }

    /// <summary>
    /// Runs one checkpoint payload write of a subtask here, or refuses it once the execution was cancelled: a
    /// subtask that ignores its cancellation must not write after the job master moved on.
    /// </summary>
    /// <exception cref="OperationCanceledException">The execution was cancelled.</exception>
    public async Task WritePayloadAsync(Func<Task> write)
    {
        lock (_lock)
        {
            if (_payloadWritesClosed)
            {
                throw new OperationCanceledException("The subtask was cancelled; its checkpoint will not complete.", CancellationToken);
            }

            _payloadWritesInFlight++;
        }

        try
        {
            await write();
        }
        finally
        {
            TaskCompletionSource? drained = null;
            lock (_lock)
            {
                if (--_payloadWritesInFlight == 0 && _payloadWritesClosed)
                {
                    drained = _payloadWritesDrained;
                }
            }

            drained?.TrySetResult();
        }
    }

    public void OnSubtaskEnded(SubtaskRun run)
    {
        lock (_lock)
        {
            _subtasks.Remove(run.Index);
            if (_subtasks.Count > 0 || _unloaded)
            {
                return;
            }

            _unloaded = true;
        }

        loadContext?.Unload();
        _cancellation.OnStopping.Dispose();
        Ended?.Invoke(this);
    }

    private static (CancellationTokenSource, CancellationTokenRegistration) Follow(CancellationToken stopping)
    {
        var source = new CancellationTokenSource();
        return (source, stopping.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source));
    }
}

/// <summary>One subtask on its slot.</summary>
internal sealed class SubtaskRun(int index)
{
    private readonly Lock _lock = new();
    private long _requestedCheckpointId;
    private TaskContext? _context;

    public int Index { get; } = index;

    private readonly TaskCompletionSource _userCodeEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when the user code returned or threw, before the outcome is reported: whoever cancels and
    /// waits here (the job grain, through the executor) must not wait on a report addressed to itself.
    /// </summary>
    public Task UserCodeEnded => _userCodeEnded.Task;

    public void MarkEnded() => _userCodeEnded.TrySetResult();

    /// <summary>Connects the context once the restored state is read, applying a trigger that came first.</summary>
    public void Attach(TaskContext context)
    {
        lock (_lock)
        {
            _context = context;
            if (_requestedCheckpointId != 0)
            {
                context.RequestCheckpoint(_requestedCheckpointId);
            }
        }
    }

    public void RequestCheckpoint(long checkpointId)
    {
        lock (_lock)
        {
            _requestedCheckpointId = Math.Max(_requestedCheckpointId, checkpointId);
            _context?.RequestCheckpoint(checkpointId);
        }
    }
}
