using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Leadership;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// The leader: dispatcher and resource manager. Its scheduling decisions (the slot table, the queue, the
/// live jobs) are kept in memory and stay small; each job persists itself in its own grain.
/// </summary>
/// <remarks>
/// Reentrant, so that a slow submission (a storage write in the job grain) does not hold up the others and
/// job grains can call back while the leader waits on them. Every handler therefore changes its in-memory
/// state in synchronous steps and re-reads it after each await. Calls to job grains that do not decide the
/// handler's answer are not awaited by the handler.
/// </remarks>
[Reentrant]
[GrainType(GrainTypeName)]
internal sealed partial class JobManagerGrain : Grain, IJobManagerInternalGrain
{
    /// <summary>The grain type under which the leader's epoch is stored.</summary>
    public const string GrainTypeName = "leader";

    private readonly IPersistentState<LeaderGrainState> _leaderState;
    private readonly IClusterMembershipService _membership;
    private readonly ILocalSiloDetails _localSilo;
    private readonly IServiceProvider _services;
    private readonly JobResultRecorder _recorder;
    private readonly OrleansHaOptions _options;
    private readonly ILogger<JobManagerGrain> _logger;
    private readonly SlotTable _slots = new();
    private readonly HashSet<JobId> _jobs = [];
    private readonly HashSet<string> _discovering = new(StringComparer.Ordinal);

    // Ends the recovery retries of this activation when it deactivates.
    private readonly CancellationTokenSource _deactivating = new();
    private readonly SemaphoreSlim _recoveryLimit;
    private MembershipVersion _seenMembership = MembershipVersion.MinValue;

    public JobManagerGrain(
        [PersistentState("leader", GrainStorageNames.OrleansHa)] IPersistentState<LeaderGrainState> leaderState,
        IClusterMembershipService membership,
        ILocalSiloDetails localSilo,
        IServiceProvider services,
        JobResultRecorder recorder,
        IOptions<OrleansHaOptions> options,
        ILogger<JobManagerGrain> logger)
    {
        _leaderState = leaderState;
        _membership = membership;
        _localSilo = localSilo;
        _services = services;
        _recorder = recorder;
        _options = options.Value;
        _recoveryLimit = new SemaphoreSlim(_options.Leadership.RecoveryConcurrency);
        _recordedJobIds = new RecordedJobIds(_options.History.RecordedIdsInMemory);
        _logger = logger;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await WinEpochAsync(cancellationToken);
        this.RegisterGrainTimer(
            CheckMembershipAsync,
            new GrainTimerCreationOptions(TimeSpan.Zero, _options.MembershipCheckInterval) { KeepAlive = true });
        this.RegisterGrainTimer(
            CheckEpochAsync,
            new GrainTimerCreationOptions(_options.Leadership.EpochCheckInterval, _options.Leadership.EpochCheckInterval) { KeepAlive = true });
        StartRecovery();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        await RevokeLeaderInfoAsync(cancellationToken);
    }

    public async Task<JobId> SubmitAsync(JobSpec spec, IReadOnlyList<JobArtifactFile> artifactFiles)
    {
        artifactFiles ??= [];
        JobSubmissionValidator.Validate(spec, artifactFiles, _options);
        var jobId = spec.JobId;
        if (!_jobs.Add(jobId))
        {
            throw new DuplicateJobSubmissionException(jobId, globallyTerminated: false);
        }

        try
        {
            if (await IsGloballyTerminatedAsync(jobId))
            {
                throw new DuplicateJobSubmissionException(jobId, globallyTerminated: true);
            }

            await GrainFactory.GetGrain<IJobMasterGrain>(jobId.Value).StartAsync(_epoch, spec, artifactFiles);
        }
        catch (Exception exception)
        {
            StopCountingAsLive(jobId);
            if (IsSuperseded(exception))
            {
                throw new LeadershipLostException(_epoch, exception);
            }

            throw;
        }

        RuntimeMetrics.JobsSubmitted.Add(1);
        Enqueue(new SlotRequest(jobId, 1, spec.Parallelism));
        return jobId;
    }

    public Task<ClusterSlots> GetClusterSlotsAsync() =>
        Task.FromResult(new ClusterSlots(_localSilo.SiloAddress.ToParsableString(), _epoch, _slots.Describe()));

    public Task<IReadOnlyList<JobId>> GetQueuedJobsAsync() => Task.FromResult(_slots.QueuedJobs);

    public Task<LeaderInfo> GetLeaderAsync() => Task.FromResult(_leaderInfo);

    public Task<IReadOnlyList<JobId>> GetLiveJobsAsync() => Task.FromResult<IReadOnlyList<JobId>>([.. _jobs]);

    public Task<JobResult?> GetRecordedResultAsync(JobId jobId) => _recorder.FindRecordedAsync(jobId);

    public Task RegisterExecutorAsync(ExecutorInfo executor)
    {
        AddExecutor(executor);
        Dispatch();
        return Task.CompletedTask;
    }

    public Task RequestSlotsAsync(JobId jobId, int attempt, int slots)
    {
        _jobs.Add(jobId);
        Enqueue(new SlotRequest(jobId, attempt, slots));
        return Task.CompletedTask;
    }

    public Task ReleaseSlotsAsync(JobId jobId, int attempt)
    {
        _slots.Release(jobId, attempt);
        Dispatch();
        return Task.CompletedTask;
    }

    public Task<bool> IsJobLiveAsync(JobId jobId) => Task.FromResult(_jobs.Contains(jobId));

    public Task OnJobTerminatedAsync(JobId jobId, JobStatus status)
    {
        StopCountingAsLive(jobId);
        if (_slots.Release(jobId, int.MaxValue) is { } held)
        {
            CancelOnExecutors(held);
        }

        Dispatch();
        return Task.CompletedTask;
    }

    /// <summary>Adds a live silo's executor with the subtasks it already runs, which keep their slots.</summary>
    private void AddExecutor(ExecutorInfo executor)
    {
        _discovering.Remove(executor.Silo);
        if (_membership.CurrentSnapshot.StatusOf(executor.Silo) != SiloStatus.Active)
        {
            return;
        }

        if (_slots.AddOrUpdateExecutor(executor.Silo, executor.Slots))
        {
            LogExecutorRegistered(executor.Silo, executor.Slots);
        }

        foreach (var attempt in executor.Running.GroupBy(r => (r.JobId, r.Attempt)))
        {
            _slots.Adopt(attempt.Key.JobId, attempt.Key.Attempt, executor.Silo, attempt.Count());
        }
    }

    private void Enqueue(SlotRequest request)
    {
        if (_slots.Enqueue(request) is { } superseded)
        {
            // An older attempt of the job still held slots: its subtasks may still run (its job master was
            // lost), so they are stopped before their slots are handed out again.
            CancelOnExecutors(superseded);
        }

        Dispatch();
    }

    private void Dispatch()
    {
        if (_learningExecutors)
        {
            return;
        }

        foreach (var granted in _slots.Schedule())
        {
            _ = NotifyAllocatedAsync(granted);
        }
    }

    private async Task NotifyAllocatedAsync(HeldSlots granted)
    {
        try
        {
            await GrainFactory.GetGrain<IJobMasterGrain>(granted.JobId.Value)
                .OnSlotsAllocatedAsync(_epoch, granted.Attempt, SlotTable.ToAllocation(granted));
        }
        catch (Exception exception)
        {
            if (IsSuperseded(exception))
            {
                return;
            }

            // The job grain may be moving (its silo is leaving): the slots go back, and the job is asked to
            // recover until it answers, when it asks for slots again.
            LogJobUnreachable(exception, granted.JobId, TimeSpan.Zero);
            _slots.Release(granted.JobId, granted.Attempt);
            Dispatch();
            _ = RecoverJobAsync(granted.JobId);
        }
    }

    private void CancelOnExecutors(HeldSlots held)
    {
        foreach (var silo in held.SlotsPerSilo.Keys)
        {
            _ = CancelOnExecutorAsync(silo, held.JobId, held.Attempt);
        }
    }

    private async Task CancelOnExecutorAsync(string silo, JobId jobId, int attempt)
    {
        if (_membership.CurrentSnapshot.HasLeft(silo))
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<ITaskExecutorGrain>(silo).CancelAsync(jobId, attempt);
        }
        catch (Exception exception)
        {
            LogExecutorUnreachable(exception, silo);
        }
    }

    /// <summary>
    /// Drops the executors of silos that left and frees their slots; tells every live job, so the jobs that
    /// ran there restart and jobs whose job grain died with the silo resume; and finds executors of new silos.
    /// </summary>
    private Task CheckMembershipAsync()
    {
        var snapshot = _membership.CurrentSnapshot;
        if (snapshot.Version == _seenMembership)
        {
            return Task.CompletedTask;
        }

        _seenMembership = snapshot.Version;
        foreach (var silo in _slots.Silos.ToList())
        {
            if (snapshot.StatusOf(silo) == SiloStatus.Active)
            {
                continue;
            }

            var affected = _slots.RemoveExecutor(silo);
            LogExecutorLost(silo, affected.Count);
            foreach (var jobId in _jobs)
            {
                _ = NotifySiloLostAsync(jobId, silo);
            }
        }

        foreach (var member in snapshot.Members.Values)
        {
            var silo = member.SiloAddress.ToParsableString();
            if (member.Status == SiloStatus.Active && !_slots.Silos.Contains(silo) && _discovering.Add(silo))
            {
                _ = DiscoverExecutorAsync(silo);
            }
        }

        Dispatch();
        return Task.CompletedTask;
    }

    private async Task NotifySiloLostAsync(JobId jobId, string silo)
    {
        try
        {
            await GrainFactory.GetGrain<IJobMasterGrain>(jobId.Value).OnSiloLostAsync(_epoch, silo);
        }
        catch (Exception exception) when (!IsSuperseded(exception))
        {
            // Recovery finds the lost silo among the job's subtasks once the job grain answers.
            LogJobUnreachable(exception, jobId, TimeSpan.Zero);
            _ = RecoverJobAsync(jobId);
        }
        catch (Exception)
        {
            // A newer leader exists; this activation is stepping down.
        }
    }

    private async Task DiscoverExecutorAsync(string silo)
    {
        try
        {
            await GrainFactory.GetGrain<ITaskExecutorGrain>(silo).RegisterAsync();
        }
        catch (Exception exception)
        {
            LogExecutorUnreachable(exception, silo);
        }
        finally
        {
            _discovering.Remove(silo);
        }
    }

    [LoggerMessage(3000, LogLevel.Information, "Task executor of silo {Silo} registered with {Slots} slots")]
    private partial void LogExecutorRegistered(string silo, int slots);

    [LoggerMessage(3001, LogLevel.Warning, "Silo {Silo} left the cluster: its task executor and slots are dropped ({Jobs} jobs held slots there)")]
    private partial void LogExecutorLost(string silo, int jobs);

    [LoggerMessage(3002, LogLevel.Warning, "Could not reach the job grain of job {JobId}; asking it again in {Delay}")]
    private partial void LogJobUnreachable(Exception exception, JobId jobId, TimeSpan delay);

    [LoggerMessage(3003, LogLevel.Warning, "Could not reach the task executor of silo {Silo}")]
    private partial void LogExecutorUnreachable(Exception exception, string silo);
}
