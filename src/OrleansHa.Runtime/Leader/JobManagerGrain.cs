using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Leadership;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Options;
using OrleansHa.Storage;

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
internal sealed partial class JobManagerGrain(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IServiceProvider services,
    IOptions<OrleansHaOptions> options,
    ILogger<JobManagerGrain> logger) : Grain, IJobManagerInternalGrain
{
    private readonly SlotTable _slots = new();
    private readonly HashSet<JobId> _jobs = [];
    private readonly HashSet<string> _discovering = new(StringComparer.Ordinal);
    private MembershipVersion _seenMembership = MembershipVersion.MinValue;

    // The leadership epoch. Issue 5 (HA) persists and increments it with an ETag-conditional write on each
    // activation; until then every activation uses the first epoch.
    private readonly long _epoch = 1;
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.MembershipCheckInterval;
        this.RegisterGrainTimer(CheckMembershipAsync, new GrainTimerCreationOptions(TimeSpan.Zero, interval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<JobId> SubmitAsync(JobSpec spec, IReadOnlyList<JobArtifactFile> artifactFiles)
    {
        artifactFiles ??= [];
        JobSubmissionValidator.Validate(spec, artifactFiles, options.Value);
        var jobId = spec.JobId;
        if (!_jobs.Add(jobId))
        {
            throw new DuplicateJobSubmissionException(jobId, globallyTerminated: false);
        }

        try
        {
            if (services.GetService<IJobResultStore>() is { } resultStore && await resultStore.HasEntryAsync(jobId))
            {
                throw new DuplicateJobSubmissionException(jobId, globallyTerminated: true);
            }

            await GrainFactory.GetGrain<IJobMasterGrain>(jobId.Value).StartAsync(_epoch, spec, artifactFiles);
        }
        catch
        {
            _jobs.Remove(jobId);
            throw;
        }

        RuntimeMetrics.JobsSubmitted.Add(1);
        Enqueue(new SlotRequest(jobId, 1, spec.Parallelism));
        return jobId;
    }

    public Task<ClusterSlots> GetClusterSlotsAsync() =>
        Task.FromResult(new ClusterSlots(localSilo.SiloAddress.ToParsableString(), _epoch, _slots.Describe()));

    public Task<IReadOnlyList<JobId>> GetQueuedJobsAsync() => Task.FromResult(_slots.QueuedJobs);

    public Task<LeaderInfo> GetLeaderAsync() =>
        Task.FromResult(new LeaderInfo(localSilo.SiloAddress.ToParsableString(), _epoch, _since));

    public Task RegisterExecutorAsync(string silo, int slots)
    {
        _discovering.Remove(silo);
        if (membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(silo)) != SiloStatus.Active)
        {
            return Task.CompletedTask;
        }

        if (_slots.AddOrUpdateExecutor(silo, slots))
        {
            LogExecutorRegistered(silo, slots);
        }

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
        _jobs.Remove(jobId);
        if (_slots.Release(jobId, int.MaxValue) is { } held)
        {
            CancelOnExecutors(held);
        }

        Dispatch();
        return Task.CompletedTask;
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
            LogJobUnreachable(exception, granted.JobId);
            _slots.Release(granted.JobId, granted.Attempt);
            Dispatch();
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
        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Version == _seenMembership)
        {
            return Task.CompletedTask;
        }

        _seenMembership = snapshot.Version;
        foreach (var silo in _slots.Silos.ToList())
        {
            if (snapshot.GetSiloStatus(SiloAddress.FromParsableString(silo)) == SiloStatus.Active)
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
        catch (Exception exception)
        {
            LogJobUnreachable(exception, jobId);
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

    [LoggerMessage(3002, LogLevel.Warning, "Could not reach the job grain of job {JobId}")]
    private partial void LogJobUnreachable(Exception exception, JobId jobId);

    [LoggerMessage(3003, LogLevel.Warning, "Could not reach the task executor of silo {Silo}")]
    private partial void LogExecutorUnreachable(Exception exception, string silo);
}
