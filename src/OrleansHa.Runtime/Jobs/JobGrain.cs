using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Checkpoints;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Leader;
using OrleansHa.Runtime.Options;
using OrleansHa.Runtime.Persistence;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Jobs;

/// <summary>
/// The job master of one job: deploys its subtasks on the slots the leader grants, coordinates checkpoints,
/// restarts the job from its latest completed checkpoint under its restart strategy, and ends it FINISHED,
/// FAILED or CANCELED. Non-reentrant: each report and command is handled on its own, in arrival order.
/// Its state is read on the first call that needs it (see <see cref="Invoke"/>), so that a submission, which
/// creates the state, costs no read.
/// </summary>
[GrainType(GrainTypeName)]
internal sealed partial class JobGrain(
    IServiceProvider services,
    IClusterMembershipService membership,
    JobResultRecorder recorder,
    CheckpointStoreThrottle checkpointStores,
    IOptions<OrleansHaOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<JobGrain> logger) : Grain, IJobMasterGrain, IIncomingGrainCallFilter
{
    /// <summary>The grain type under which job states are stored and listed for recovery.</summary>
    public const string GrainTypeName = "job";

    // How soon a step that failed (recording the result, a restart's state write or slot request, a reconcile)
    // is tried again, doubling up to the maximum.
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private JobId _jobId;
    private OnDemandGrainState<JobGrainState> _state = null!;
    private JobStatus _status = JobStatus.Initializing;
    private AttemptRun? _run;
    private JobResult? _result;
    private long _highestEpoch;
    private long _nextCheckpointId = 1;
    private long? _latestCompletedCheckpointId;
    private PendingCheckpoint? _pending;
    private DateTimeOffset? _firstStartedAt;
    private IGrainTimer? _tickTimer;
    private IGrainTimer? _restartTimer;
    private TimeSpan _restartRetryDelay = FirstRetryDelay;
    private IGrainTimer? _slotRequestTimer;
    private TimeSpan _slotRequestRetryDelay = FirstRetryDelay;

    private JobSpec Spec => _state.State.Spec!;

    private IJobManagerInternalGrain Leader => GrainFactory.GetGrain<IJobManagerInternalGrain>(IJobManagerGrain.Key);

    private ICheckpointStoreGrain Checkpoints => GrainFactory.GetGrain<ICheckpointStoreGrain>(_jobId.Value);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _jobId = new JobId(this.GetPrimaryKeyString());
        var storage = services.GetKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa) ?? throw new InvalidOperationException(
            $"No grain storage named '{GrainStorageNames.OrleansHa}' is registered: add one with AddOrleansHa or AddAzureBlobGrainStorage.");
        _state = new OnDemandGrainState<JobGrainState>("job", this.GetGrainId(), storage);
        return Task.CompletedTask;
    }

    /// <summary>Reads the state before any call but a submission, which writes it create-only instead.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!_state.IsLoaded && context.ImplementationMethod.Name != nameof(StartAsync))
        {
            await LoadStateAsync();
        }

        await context.Invoke();
    }

    public async Task StartAsync(long epoch, JobSpec spec, IReadOnlyList<JobArtifactFile> artifactFiles)
    {
        CheckEpoch(epoch);

        // Artifacts are stored under the job id, so a duplicate must be found before they are written.
        if (!_state.IsLoaded && artifactFiles.Count > 0)
        {
            await LoadStateAsync();
        }

        if ((_state.IsLoaded && _state.RecordExists) || _result is not null)
        {
            throw new DuplicateJobSubmissionException(_jobId, globallyTerminated: _result is not null);
        }

        if (artifactFiles.Count > 0)
        {
            spec = spec with { Artifact = await StoreArtifactAsync(artifactFiles) };
        }

        _state.State = new JobGrainState
        {
            Spec = spec,
            Status = JobStatus.Created,
            Attempt = 1,
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        if (_state.IsLoaded)
        {
            await WriteStateAsync();
        }
        else if (!await TryCreateStateAsync())
        {
            throw new DuplicateJobSubmissionException(_jobId, globallyTerminated: false);
        }

        _status = JobStatus.Created;
        _run = new AttemptRun(1, spec.Parallelism, restore: null);
        StartTicking();
        LogSubmitted(_jobId, spec.EntryType, spec.Parallelism);
    }

    public async Task OnSlotsAllocatedAsync(long epoch, int attempt, SlotAllocation allocation)
    {
        CheckEpoch(epoch);
        if (_run is null || _run.Attempt != attempt || _status != JobStatus.Created || _run.Deployed)
        {
            await ReleaseSlotsAsync(attempt);
            return;
        }

        _run.Deployed = true;
        var toRun = new Queue<int>(_run.SubtasksToRun);
        var groups = new List<(string Silo, List<int> Subtasks)>();
        foreach (var (silo, count) in allocation.SlotsPerSilo.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var subtasks = new List<int>();
            for (var i = 0; i < count && toRun.Count > 0; i++)
            {
                subtasks.Add(toRun.Dequeue());
            }

            if (subtasks.Count > 0)
            {
                groups.Add((silo, subtasks));
                subtasks.ForEach(s => _run.Placement[s] = silo);
            }
        }

        var results = await Task.WhenAll(groups.Select(g => DeployAsync(g.Silo, g.Subtasks, _run)));
        if (results.FirstOrDefault(r => !r.IsStarted) is { } failed)
        {
            await FailAttemptAsync(failed.Error!, failed.Recoverable);
            return;
        }

        _status = JobStatus.Running;
        _firstStartedAt ??= DateTimeOffset.UtcNow;
        LogRunning(_jobId, attempt, _run.RestoredCheckpointId);
    }

    public async Task OnSiloLostAsync(long epoch, string silo)
    {
        CheckEpoch(epoch);
        if (_status == JobStatus.Suspended)
        {
            await ReconcileAsync();
            return;
        }

        if (_run is not null && _status is (JobStatus.Running or JobStatus.Created) && _run.ActiveSilos.Contains(silo))
        {
            await FailAttemptAsync($"silo {silo}, which ran subtasks of the job, left the cluster.", recoverable: true);
        }
    }

    public async Task<bool> OnSubtaskFinishedAsync(int attempt, int subtask, IReadOnlyDictionary<string, long> accumulators)
    {
        if (_status == JobStatus.Suspended)
        {
            await ResumeIfLiveAsync();
        }

        if (!IsCurrent(attempt))
        {
            return false;
        }

        if (_status != JobStatus.Running)
        {
            return true;
        }

        _run!.Finished[subtask] = accumulators;
        if (_run.AllFinished)
        {
            await TerminateAsync(JobStatus.Finished, cause: null);
            return true;
        }

        await TryCompleteCheckpointAsync();
        return true;
    }

    public async Task<bool> OnSubtaskFailedAsync(int attempt, int subtask, string cause, bool recoverable)
    {
        if (_status == JobStatus.Suspended)
        {
            await ResumeIfLiveAsync();
        }

        if (!IsCurrent(attempt))
        {
            return false;
        }

        if (_status == JobStatus.Running)
        {
            await FailAttemptAsync($"subtask {subtask} failed: {cause}", recoverable);
        }

        return true;
    }

    public async Task<bool> AcknowledgeCheckpointAsync(int attempt, long checkpointId, int subtask, byte[]? inlinePayload)
    {
        if (_status == JobStatus.Suspended)
        {
            await ResumeIfLiveAsync();
        }

        if (!IsCurrent(attempt))
        {
            return false;
        }

        if (_pending?.CheckpointId == checkpointId)
        {
            _pending.Acknowledged.Add(subtask);
            if (inlinePayload is not null)
            {
                _pending.InlinePayloads[subtask] = inlinePayload;
            }

            await TryCompleteCheckpointAsync();
        }

        return true;
    }

    public Task<JobDetails> GetDetailsAsync()
    {
        EnsureKnown();
        var subtasks = _run is null
            ? []
            : _run.Placement.OrderBy(p => p.Key)
                .Select(p => new SubtaskLocation(p.Key, p.Value, _run.Finished.ContainsKey(p.Key)))
                .ToList();
        return Task.FromResult(new JobDetails(
            _jobId, _status, _run?.Attempt ?? _state.State.Attempt, subtasks, _latestCompletedCheckpointId,
            _run?.RestoredCheckpointId, _result));
    }

    public async Task CancelAsync()
    {
        EnsureKnown();
        if (_status.IsGloballyTerminal())
        {
            return;
        }

        LogCancelling(_jobId);
        _status = JobStatus.Cancelling;
        await StopAttemptAsync();
        await TerminateAsync(JobStatus.Canceled, cause: null);
    }

    /// <summary>
    /// A report reached an activation that holds no attempt: the activation that ran the job is gone (or this
    /// is a brief duplicate). If the leader still counts the job as live, this activation takes over by
    /// reconciling, and the report is then handled as usual (it is stale unless its attempt was adopted); a
    /// duplicate that lost the race fails its conditional state write and deactivates.
    /// </summary>
    private async Task ResumeIfLiveAsync()
    {
        if (await Leader.IsJobLiveAsync(_jobId) && _status == JobStatus.Suspended)
        {
            await ReconcileAsync();
        }
    }

    private async Task ResumeAsync()
    {
        LogResuming(_jobId, _state.State.Attempt);
        _status = JobStatus.Restarting;
        await RestartAsync(chargeRestartStrategy: false);
    }

    private async Task LoadStateAsync()
    {
        await _state.LoadAsync();
        if (_state.RecordExists && _state.State.Spec is not null && !_state.State.Status.IsGloballyTerminal())
        {
            // The job lived in an activation that is gone (its silo died): nothing runs for it here until
            // the leader resumes it.
            _status = JobStatus.Suspended;
        }
    }

    /// <summary>
    /// Writes a new job's state create-only. A record in storage means the id belongs to a job whose
    /// activation is gone: this activation reads it, as it would have on activation, and refuses the submission.
    /// </summary>
    private async Task<bool> TryCreateStateAsync()
    {
        try
        {
            await _state.CreateAsync();
            return true;
        }
        catch (InconsistentStateException)
        {
            await LoadStateAsync();
            return false;
        }
    }

    /// <summary>Writes the state; a conflict means another activation owns the job, so this one steps down.</summary>
    private async Task WriteStateAsync()
    {
        try
        {
            await _state.WriteAsync();
        }
        catch (InconsistentStateException)
        {
            LogStaleActivation(_jobId);
            _status = JobStatus.Suspended;
            _run = null;
            _tickTimer?.Dispose();
            _tickTimer = null;
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task<IReadOnlyList<ArtifactDescriptor>> StoreArtifactAsync(IReadOnlyList<JobArtifactFile> files)
    {
        var store = services.GetService<IArtifactStore>() ?? throw new JobSpecValidationException(
            "ArtifactFiles", "this cluster has no artifact store to keep uploaded assemblies. Deploy the job's " +
                             "assemblies on the silos and submit without files, or register an artifact store.");
        try
        {
            return await store.PutAsync(_jobId, [.. files.Select(f => new ArtifactFile(f.FileName, f.Content))]);
        }
        catch (ArtifactTooLargeException exception)
        {
            throw new JobSpecValidationException("ArtifactFiles", exception.Message);
        }
        catch (ArgumentException exception)
        {
            throw new JobSpecValidationException("ArtifactFiles", exception.Message);
        }
    }

    private async Task<DeploymentResult> DeployAsync(string silo, IReadOnlyList<int> subtasks, AttemptRun run)
    {
        try
        {
            var payloads = subtasks.Where(run.RestorePayloads.ContainsKey).ToDictionary(s => s, s => run.RestorePayloads[s]);
            var request = new DeploymentRequest(Spec, run.Attempt, subtasks, run.RestoredCheckpointId, payloads);
            return await GrainFactory.GetGrain<ITaskExecutorGrain>(silo).DeployAsync(request);
        }
        catch (Exception exception)
        {
            return new DeploymentResult($"the task executor of silo {silo} could not be reached: {exception.Message}", Recoverable: true);
        }
    }

    /// <summary>Stops checkpoints, cancels the attempt's subtasks and gives back its slots.</summary>
    private async Task StopAttemptAsync()
    {
        _restartTimer?.Dispose();
        _restartTimer = null;
        var abandoned = _pending;
        _pending = null;
        if (_run is null)
        {
            return;
        }

        var attempt = _run.Attempt;
        await Task.WhenAll(_run.Placement.Values.Distinct(StringComparer.Ordinal).Select(silo => CancelOnExecutorAsync(silo, attempt)));
        await ReleaseSlotsAsync(attempt);

        // The cancelled subtasks wrote their last snapshots before they stopped: the checkpoint they belonged
        // to will never complete, so its payloads would otherwise stay in storage until the job's cleanup.
        if (abandoned is not null)
        {
            await DiscardAbandonedCheckpointAsync(abandoned.CheckpointId);
        }
    }

    /// <summary>
    /// Best effort: the job's cleanup deletes every payload it has anyway, whereas a failure thrown from here
    /// would leave the attempt stopped with no restart scheduled (the checkpoint grain cannot be reached while
    /// its directory entry was on a silo just lost).
    /// </summary>
    private async Task DiscardAbandonedCheckpointAsync(long checkpointId)
    {
        try
        {
            await Checkpoints.DiscardPendingAsync(checkpointId);
        }
        catch (Exception exception)
        {
            LogDiscardFailed(exception, _jobId, checkpointId);
        }
    }

    private async Task FailAttemptAsync(string cause, bool recoverable)
    {
        if (_status is not (JobStatus.Running or JobStatus.Created))
        {
            return;
        }

        _status = JobStatus.Failing;
        LogAttemptFailed(_jobId, _run?.Attempt ?? 0, cause);
        await StopAttemptAsync();

        var delay = recoverable ? Spec.RestartStrategy.NextDelay(_state.State.Restarts) : null;
        if (delay is null)
        {
            var reason = recoverable
                ? $"{cause} The restart strategy {Spec.RestartStrategy} allows no more restarts."
                : cause;
            await TerminateAsync(JobStatus.Failed, reason);
            return;
        }

        _status = JobStatus.Restarting;
        ScheduleRestart(delay.Value, chargeRestartStrategy: true);
    }

    private void ScheduleRestart(TimeSpan delay, bool chargeRestartStrategy)
    {
        _restartTimer?.Dispose();
        _restartTimer = RunOnceAfter(delay, () => RestartAsync(chargeRestartStrategy));
    }

    /// <summary>A timer that fires once, after <paramref name="delay"/>, and keeps the activation alive until then.</summary>
    private IGrainTimer RunOnceAfter(TimeSpan delay, Func<Task> callback) =>
        this.RegisterGrainTimer(callback, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    /// <summary>The wait after <paramref name="delay"/> for a step that failed again: twice as long, at most <see cref="MaxRetryDelay"/>.</summary>
    private static TimeSpan NextRetryDelay(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));

    /// <summary>Starts the next attempt from the latest completed checkpoint: one state write, then a slot request.</summary>
    private async Task RestartAsync(bool chargeRestartStrategy)
    {
        _restartTimer?.Dispose();
        _restartTimer = null;
        if (_status != JobStatus.Restarting)
        {
            return;
        }

        var (attempt, restarts) = (_state.State.Attempt, _state.State.Restarts);
        _state.State.Attempt++;
        if (chargeRestartStrategy)
        {
            _state.State.Restarts++;
        }

        try
        {
            await WriteStateAsync();
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            // Nothing of the next attempt has started yet: undo it and try again, backing off, or the job would
            // stay RESTARTING with nothing left to restart it.
            (_state.State.Attempt, _state.State.Restarts) = (attempt, restarts);
            LogRestartDeferred(exception, _jobId, _restartRetryDelay);
            ScheduleRestart(_restartRetryDelay, chargeRestartStrategy);
            _restartRetryDelay = NextRetryDelay(_restartRetryDelay);
            return;
        }

        _restartRetryDelay = FirstRetryDelay;
        if (chargeRestartStrategy)
        {
            RuntimeMetrics.JobRestarts.Add(1);
        }

        StartTicking();

        CheckpointRestore? restore = null;
        if (Spec.CheckpointInterval > TimeSpan.Zero)
        {
            try
            {
                restore = await Checkpoints.ResolveRestoreWithPayloadsAsync();
            }
            catch (Exception exception)
            {
                _status = JobStatus.Created;
                _run = new AttemptRun(_state.State.Attempt, Spec.Parallelism, restore: null);
                await FailAttemptAsync($"the latest checkpoint could not be read: {exception.Message}", recoverable: true);
                return;
            }
        }

        if (restore is not null)
        {
            _latestCompletedCheckpointId = restore.Checkpoint.CheckpointId;
            _nextCheckpointId = Math.Max(_nextCheckpointId, restore.Checkpoint.CheckpointId + 1);
        }

        _run = new AttemptRun(_state.State.Attempt, Spec.Parallelism, restore?.Checkpoint, restore?.InlinePayloads);
        _status = JobStatus.Created;
        LogRestarting(_jobId, _run.Attempt, restore?.Checkpoint.CheckpointId);
        if (_run.AllFinished)
        {
            await TerminateAsync(JobStatus.Finished, cause: null);
            return;
        }

        await RequestSlotsAsync(_run.Attempt);
    }

    /// <summary>
    /// Asks the leader for the waiting attempt's slots, and again, backing off, while it cannot be reached: a
    /// new leader asks a waiting job for its request only if its recovery found the job waiting, which misses
    /// one that was still restarting then. A request that arrives twice gets slots the job gives back.
    /// </summary>
    private async Task RequestSlotsAsync(int attempt)
    {
        _slotRequestTimer?.Dispose();
        _slotRequestTimer = null;
        if (_status != JobStatus.Created || _run is not { Deployed: false } run || run.Attempt != attempt)
        {
            return;
        }

        try
        {
            await Leader.RequestSlotsAsync(_jobId, attempt, run.SubtasksToRun.Count);
            _slotRequestRetryDelay = FirstRetryDelay;
        }
        catch (Exception exception)
        {
            LogLeaderUnreachable(exception, _jobId);
            _slotRequestTimer = RunOnceAfter(_slotRequestRetryDelay, () => RequestSlotsAsync(attempt));
            _slotRequestRetryDelay = NextRetryDelay(_slotRequestRetryDelay);
        }
    }

    private async Task TerminateAsync(JobStatus status, string? cause)
    {
        _tickTimer?.Dispose();
        _tickTimer = null;
        _restartTimer?.Dispose();
        _restartTimer = null;
        _pending = null;
        _status = status;
        var started = _firstStartedAt ?? DateTimeOffset.UtcNow;
        _result = new JobResult(
            _jobId, status, _run?.SumOfFinishedAccumulators() ?? new Dictionary<string, long>(),
            DateTimeOffset.UtcNow - started, cause);
        (status switch
        {
            JobStatus.Finished => RuntimeMetrics.JobsFinished,
            JobStatus.Failed => RuntimeMetrics.JobsFailed,
            _ => RuntimeMetrics.JobsCanceled,
        }).Add(1);
        LogTerminated(_jobId, status, cause);

        // Recorded before the leader forgets the job: from then on no leader ever runs it again.
        var recorded = await TryRecordResultAsync(_result);
        try
        {
            await Leader.OnJobTerminatedAsync(_jobId, status);
        }
        catch (Exception exception)
        {
            LogLeaderUnreachable(exception, _jobId);
        }

        if (recorded)
        {
            await CleanUpAndMarkCleanAsync();
        }
    }

    /// <summary>
    /// One timer per live job: it triggers checkpoints and keeps the activation (and its in-memory attempt)
    /// alive while the job runs, even when it has no checkpoints and no messages for a long time.
    /// </summary>
    private void StartTicking()
    {
        if (_tickTimer is not null)
        {
            return;
        }

        var period = Spec.CheckpointInterval > TimeSpan.Zero ? Spec.CheckpointInterval : TimeSpan.FromMinutes(1);
        _tickTimer = this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task OnTickAsync()
    {
        await FailAttemptIfASiloIsLostAsync();
        if (_status != JobStatus.Running || Spec.CheckpointInterval <= TimeSpan.Zero || _run is null)
        {
            return;
        }

        if (_pending is not null)
        {
            if (DateTimeOffset.UtcNow - _pending.TriggeredAt < options.Value.CheckpointTimeout)
            {
                return;
            }

            LogCheckpointAbandoned(_jobId, _pending.CheckpointId, options.Value.CheckpointTimeout);
            _pending = null;
        }

        var run = _run;
        var silos = run.ActiveSilos;
        if (silos.Count == 0)
        {
            return;
        }

        if (checkpointStores.IsSaturated)
        {
            RuntimeMetrics.CheckpointsSkipped.Add(1);
            return;
        }

        _pending = new PendingCheckpoint(_nextCheckpointId++, run.Attempt, DateTimeOffset.UtcNow);
        var checkpointId = _pending.CheckpointId;
        foreach (var silo in silos)
        {
            try
            {
                // One-way: this completes once the message is sent, so a failure here is one to send it.
                await GrainFactory.GetGrain<ITaskExecutorGrain>(silo).TriggerCheckpointAsync(_jobId, run.Attempt, checkpointId);
            }
            catch (Exception exception)
            {
                LogTriggerFailed(exception, _jobId, checkpointId, silo);
            }
        }
    }

    private async Task TryCompleteCheckpointAsync()
    {
        if (_pending is null || _run is null || _pending.Attempt != _run.Attempt)
        {
            return;
        }

        var run = _run;
        var pending = _pending;
        var missing = Enumerable.Range(0, run.Parallelism)
            .Any(i => !pending.Acknowledged.Contains(i) && !run.Finished.ContainsKey(i));
        if (missing)
        {
            return;
        }

        _pending = null;
        var checkpoint = new CompletedCheckpoint(
            pending.CheckpointId, run.Attempt, DateTimeOffset.UtcNow, run.Parallelism,
            run.Finished.Where(f => !pending.Acknowledged.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value));
        try
        {
            await checkpointStores.StoreAsync(
                () => Checkpoints.CompleteWithPayloadsAsync(checkpoint, pending.InlinePayloads, Spec.RetainedCheckpoints));
        }
        catch (Exception exception)
        {
            LogCheckpointNotStored(exception, _jobId, checkpoint.CheckpointId);
            return;
        }

        _latestCompletedCheckpointId = checkpoint.CheckpointId;
        RuntimeMetrics.CheckpointsCompleted.Add(1);

        // Until its metadata is stored a checkpoint cannot be restored, so its duration ends here, not at the
        // last acknowledgement.
        RuntimeMetrics.CheckpointDuration.Record((DateTimeOffset.UtcNow - pending.TriggeredAt).TotalMilliseconds);
    }

    private async Task ReleaseSlotsAsync(int attempt)
    {
        try
        {
            await Leader.ReleaseSlotsAsync(_jobId, attempt);
        }
        catch (Exception exception)
        {
            LogLeaderUnreachable(exception, _jobId);
        }
    }

    private bool IsCurrent(int attempt) => _run is not null && _run.Attempt == attempt && !_status.IsGloballyTerminal();

    private void CheckEpoch(long epoch)
    {
        if (epoch < _highestEpoch)
        {
            throw new StaleEpochException(epoch, _highestEpoch);
        }

        _highestEpoch = epoch;
    }

    private void EnsureKnown()
    {
        if (_result is null && !_state.RecordExists)
        {
            throw new UnknownJobException(_jobId);
        }
    }

    private sealed record PendingCheckpoint(long CheckpointId, int Attempt, DateTimeOffset TriggeredAt)
    {
        public HashSet<int> Acknowledged { get; } = [];

        /// <summary>The payloads that came with their acknowledgements, by subtask.</summary>
        public Dictionary<int, byte[]> InlinePayloads { get; } = [];
    }

    [LoggerMessage(3200, LogLevel.Information, "Job {JobId} submitted: {EntryType} with parallelism {Parallelism}")]
    private partial void LogSubmitted(JobId jobId, string entryType, int parallelism);

    [LoggerMessage(3201, LogLevel.Information, "Job {JobId} attempt {Attempt} is RUNNING (restored from checkpoint {CheckpointId})")]
    private partial void LogRunning(JobId jobId, int attempt, long? checkpointId);

    [LoggerMessage(3202, LogLevel.Warning, "Job {JobId} attempt {Attempt} failed: {Cause}")]
    private partial void LogAttemptFailed(JobId jobId, int attempt, string cause);

    [LoggerMessage(3203, LogLevel.Information, "Job {JobId} restarts as attempt {Attempt} from checkpoint {CheckpointId}")]
    private partial void LogRestarting(JobId jobId, int attempt, long? checkpointId);

    [LoggerMessage(3204, LogLevel.Information, "Job {JobId} ended {Status}. {Cause}")]
    private partial void LogTerminated(JobId jobId, JobStatus status, string? cause);

    [LoggerMessage(3205, LogLevel.Information, "Job {JobId} is being cancelled")]
    private partial void LogCancelling(JobId jobId);

    [LoggerMessage(3206, LogLevel.Warning, "Could not cancel the subtasks of job {JobId} on silo {Silo}")]
    private partial void LogCancelFailed(Exception exception, JobId jobId, string silo);

    [LoggerMessage(3207, LogLevel.Warning, "The leader could not be told about job {JobId}")]
    private partial void LogLeaderUnreachable(Exception exception, JobId jobId);

    [LoggerMessage(3208, LogLevel.Warning, "Checkpoint {CheckpointId} of job {JobId} was abandoned: not acknowledged within {Timeout}")]
    private partial void LogCheckpointAbandoned(JobId jobId, long checkpointId, TimeSpan timeout);

    [LoggerMessage(3209, LogLevel.Warning, "Could not trigger checkpoint {CheckpointId} of job {JobId} on silo {Silo}")]
    private partial void LogTriggerFailed(Exception exception, JobId jobId, long checkpointId, string silo);

    [LoggerMessage(3210, LogLevel.Warning, "Checkpoint {CheckpointId} of job {JobId} was acknowledged by every subtask but could not be stored")]
    private partial void LogCheckpointNotStored(Exception exception, JobId jobId, long checkpointId);

    [LoggerMessage(3213, LogLevel.Warning, "Checkpoint {CheckpointId} of job {JobId}, in flight when its attempt stopped, could not be discarded now; its payloads go with the job's cleanup")]
    private partial void LogDiscardFailed(Exception exception, JobId jobId, long checkpointId);

    [LoggerMessage(3214, LogLevel.Warning, "Job {JobId} could not store its next attempt; trying again in {Delay}")]
    private partial void LogRestartDeferred(Exception exception, JobId jobId, TimeSpan delay);

    [LoggerMessage(3212, LogLevel.Warning, "Another activation of job {JobId} wrote its state first: this activation steps down")]
    private partial void LogStaleActivation(JobId jobId);

    [LoggerMessage(3211, LogLevel.Information, "Job {JobId} lost its job grain activation at attempt {Attempt}; resuming from its latest checkpoint")]
    private partial void LogResuming(JobId jobId, int attempt);
}
