using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;

namespace OrleansHa.Runtime.Jobs;

/// <summary>
/// Recovery of a job whose job master or leader was lost: the job grain reconciles with the task executors,
/// so subtasks that still run on live silos keep running, and restarts from its latest checkpoint otherwise.
/// </summary>
internal sealed partial class JobGrain
{
    private IGrainTimer? _reconcileTimer;
    private TimeSpan _reconcileRetryDelay = FirstRetryDelay;

    public async Task<bool> RecoverAsync(long epoch)
    {
        CheckEpoch(epoch);

        // An activation on a silo that is shutting down would answer and then vanish with the silo, leaving a
        // job that nothing wakes: the leader asks again once the grain can be activated elsewhere.
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            DeactivateOnIdle();
            throw new JobMasterLeavingException(_jobId.Value);
        }

        if (!_state.RecordExists || _state.State.Spec is null || _status.IsGloballyTerminal())
        {
            return false;
        }

        if (_status == JobStatus.Suspended)
        {
            await ReconcileAsync();
        }
        else if (_status == JobStatus.Created && _run is { Deployed: false })
        {
            // The lost leader's queue is gone: ask the new one for the slots again.
            await Leader.RequestSlotsAsync(_jobId, _run.Attempt, _run.SubtasksToRun.Count);
        }
        else
        {
            // A silo that died before this leader took over was never in its slot table, so the leader will
            // not report it lost: the job master checks its own subtasks' silos.
            await FailAttemptIfASiloIsLostAsync();
        }

        return !_status.IsGloballyTerminal();
    }

    /// <summary>
    /// Reconciles, and when a read it needs fails (the history store, or the checkpoint grain while its
    /// directory entry was on the silo just lost), goes back to SUSPENDED and tries again, backing off: the
    /// leader tells a job of a lost silo once, so nothing else would wake it.
    /// </summary>
    private async Task ReconcileAsync()
    {
        _reconcileTimer?.Dispose();
        _reconcileTimer = null;
        try
        {
            await ReconcileOnceAsync();
            _reconcileRetryDelay = FirstRetryDelay;
        }
        catch (Exception exception) when (exception is not InconsistentStateException && _status == JobStatus.Reconciling)
        {
            _status = JobStatus.Suspended;
            LogReconcileDeferred(exception, _jobId, _reconcileRetryDelay);
            _reconcileTimer = RunOnceAfter(_reconcileRetryDelay, RetryReconcileAsync);
            _reconcileRetryDelay = NextRetryDelay(_reconcileRetryDelay);
        }
    }

    private async Task RetryReconcileAsync()
    {
        if (_status == JobStatus.Suspended)
        {
            await ReconcileAsync();
        }
    }

    /// <summary>
    /// RECONCILING: adopts the persisted attempt when its subtasks still run on live executors (together with
    /// those the latest checkpoint records as finished), else cancels what survives and restarts.
    /// </summary>
    private async Task ReconcileOnceAsync()
    {
        _status = JobStatus.Reconciling;
        if (await FindRecordedResultAsync() is { } recorded)
        {
            // The job reached its terminal status before its job master was lost: it never runs again; its
            // HA data lifecycle is finished from the recorded result.
            LogAlreadyTerminated(_jobId, recorded.FinalStatus);
            _result = recorded;
            _status = recorded.FinalStatus;
            if (await TryRecordResultAsync(recorded))
            {
                await CleanUpAndMarkCleanAsync();
            }

            return;
        }

        var attempt = _state.State.Attempt;
        var running = await FindRunningSubtasksAsync();
        var latest = Spec.CheckpointInterval > TimeSpan.Zero ? (await Checkpoints.GetRetainedAsync()).LastOrDefault() : null;
        var current = running.Where(r => r.Attempt == attempt).ToList();
        var covered = current.Select(r => r.Subtask).Concat(latest?.FinishedSubtasks.Keys ?? []).ToHashSet();
        if (_status == JobStatus.Reconciling && Enumerable.Range(0, Spec.Parallelism).All(covered.Contains))
        {
            _run = new AttemptRun(attempt, Spec.Parallelism, latest) { Deployed = true };
            foreach (var subtask in current)
            {
                _run.Placement[subtask.Subtask] = subtask.Silo;
            }

            if (latest is not null)
            {
                _latestCompletedCheckpointId = latest.CheckpointId;
                _nextCheckpointId = latest.CheckpointId + 1;
            }

            _status = JobStatus.Running;
            _firstStartedAt ??= _state.State.SubmittedAt;
            StartTicking();
            LogReconciled(_jobId, attempt, current.Count);
            return;
        }

        foreach (var silo in running.Select(r => r.Silo).Distinct(StringComparer.Ordinal))
        {
            await CancelOnExecutorAsync(silo, running.Max(r => r.Attempt));
        }

        LogReconcileFailed(_jobId, attempt, current.Count, Spec.Parallelism);
        await ResumeAsync();
    }

    /// <summary>
    /// The job's result if it was already recorded: its history record is written before anything else of
    /// the terminal path, so a job master lost in the middle of that path is found here.
    /// </summary>
    private Task<JobResult?> FindRecordedResultAsync() => recorder.FindRecordedAsync(_jobId);

    private async Task<IReadOnlyList<RunningSubtaskAt>> FindRunningSubtasksAsync()
    {
        var silos = membership.CurrentSnapshot.ActiveSiloKeys();
        var found = await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                var running = await GrainFactory.GetGrain<ITaskExecutorGrain>(silo).GetRunningAsync(_jobId)
                    .WaitAsync(options.Value.Leadership.RecoveryCallTimeout);
                return running.Select(r => new RunningSubtaskAt(silo, r.Attempt, r.Subtask));
            }
            catch (Exception exception)
            {
                // An executor that cannot answer is treated as running nothing: the job restarts rather than
                // adopting subtasks it cannot see.
                LogExecutorUnreachable(exception, _jobId, silo);
                return [];
            }
        }));
        return [.. found.SelectMany(f => f)];
    }

    private async Task CancelOnExecutorAsync(string silo, int attempt)
    {
        if (membership.CurrentSnapshot.HasLeft(silo))
        {
            // Its subtasks died or are being stopped with it. Asking would hold up the restart until placement gave up on it.
            return;
        }

        try
        {
            await GrainFactory.GetGrain<ITaskExecutorGrain>(silo).CancelAsync(_jobId, attempt);
        }
        catch (Exception exception)
        {
            // A dead silo's subtasks are gone with it.
            LogCancelFailed(exception, _jobId, silo);
        }
    }

    /// <summary>Restarts the attempt when a silo that runs its subtasks has been declared dead.</summary>
    private async Task FailAttemptIfASiloIsLostAsync()
    {
        if (_run is null || _status is not (JobStatus.Running or JobStatus.Created))
        {
            return;
        }

        var snapshot = membership.CurrentSnapshot;
        var lost = _run.ActiveSilos.FirstOrDefault(snapshot.HasLeft);
        if (lost is not null)
        {
            await FailAttemptAsync($"silo {lost}, which ran subtasks of the job, left the cluster.", recoverable: true);
        }
    }

    private sealed record RunningSubtaskAt(string Silo, int Attempt, int Subtask);

    [LoggerMessage(3220, LogLevel.Information, "Job {JobId} reconciled: its {Subtasks} running subtasks of attempt {Attempt} were adopted")]
    private partial void LogReconciled(JobId jobId, int attempt, int subtasks);

    [LoggerMessage(3221, LogLevel.Information, "Job {JobId} could not be reconciled: {Running} of {Parallelism} subtasks of attempt {Attempt} still run; it restarts from its latest checkpoint")]
    private partial void LogReconcileFailed(JobId jobId, int attempt, int running, int parallelism);

    [LoggerMessage(3222, LogLevel.Warning, "Job {JobId} already ended {Status} before its job master was lost: it is not run again")]
    private partial void LogAlreadyTerminated(JobId jobId, JobStatus status);

    [LoggerMessage(3224, LogLevel.Warning, "Job {JobId} could not reconcile now; trying again in {Delay}")]
    private partial void LogReconcileDeferred(Exception exception, JobId jobId, TimeSpan delay);

    [LoggerMessage(3223, LogLevel.Warning, "The task executor of silo {Silo} did not answer while job {JobId} reconciled")]
    private partial void LogExecutorUnreachable(Exception exception, JobId jobId, string silo);
}
