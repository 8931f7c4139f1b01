using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// A new leader's recovery, as Flink's dispatcher recovers from its job graph store: it learns what the live
/// task executors run, then resumes every job grain that has stored state and no JobResultStore entry.
/// </summary>
internal sealed partial class JobManagerGrain
{
    /// <summary>The grain type of job grains, whose states the leader lists: a storage contract.</summary>
    private static readonly GrainType JobGrainType = GrainType.Create(JobGrain.GrainTypeName);

    // While true, slots are not handed out: the leader does not yet know which slots running subtasks use.
    private bool _learningExecutors;

    private void StartRecovery()
    {
        _learningExecutors = true;
        this.RegisterGrainTimer(RecoverAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task RecoverAsync()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await LearnExecutorsAsync();
        }
        finally
        {
            _learningExecutors = false;
            Dispatch();
        }

        IReadOnlySet<JobId> dirty;
        IReadOnlyList<JobId> listed;
        try
        {
            dirty = await ReadDirtyJobIdsAsync();
            listed = await ListJobsAsync();
        }
        catch (Exception exception)
        {
            // Without the listing nothing is lost: job grains whose reports reach them ask whether the job is
            // live, and the next leader activation lists again.
            LogRecoveryListingFailed(exception);
            return;
        }

        // The jobs of dirty entries are only cleaned, by the cleanup grain; it also registers its reminder.
        GrainFactory.GetGrain<ICleanupGrain>(ICleanupGrain.Key).WakeAsync().Ignore();
        var toRecover = listed.Where(id => !dirty.Contains(id)).ToList();
        foreach (var jobId in toRecover)
        {
            _jobs.Add(jobId);
        }

        // Only now: every stored job without a dirty entry is counted as live (see the duplicate check).
        var listingHistory = ListRecordedJobIdsAsync();

        var recovered = 0;
        await Task.WhenAll(toRecover.Select(async jobId =>
        {
            if (await RecoverJobAsync(jobId))
            {
                recovered++;
            }
        }));

        var elapsed = Stopwatch.GetElapsedTime(started);
        RuntimeMetrics.JobsRecovered.Add(recovered);
        RuntimeMetrics.RecoveryDuration.Record(elapsed.TotalMilliseconds);
        LogRecovered(_epoch, recovered, dirty.Count, elapsed);
        await listingHistory;
    }

    /// <summary>Asks every live silo's executor what it runs, so running subtasks keep their slots.</summary>
    private async Task LearnExecutorsAsync()
    {
        var silos = _membership.CurrentSnapshot.ActiveSiloKeys();
        var infos = await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                return await GrainFactory.GetGrain<ITaskExecutorGrain>(silo).GetInfoAsync()
                    .WaitAsync(_options.Leadership.RecoveryCallTimeout);
            }
            catch (Exception exception)
            {
                // The membership check discovers it again; until then its slots are not offered.
                LogExecutorUnreachable(exception, silo);
                return null;
            }
        }));
        foreach (var info in infos.OfType<ExecutorInfo>())
        {
            AddExecutor(info);
        }
    }

    private async Task<IReadOnlySet<JobId>> ReadDirtyJobIdsAsync()
    {
        if (_services.GetService<IJobResultStore>() is not { } resultStore)
        {
            return new HashSet<JobId>();
        }

        // The ids only, from the listing: an entry whose content is corrupt still marks its job as ended,
        // so it is never recovered, only cleaned.
        return (await resultStore.GetDirtyJobIdsAsync()).ToHashSet();
    }

    private async Task<IReadOnlyList<JobId>> ListJobsAsync()
    {
        if (_services.GetKeyedService<IGrainStateLister>(GrainStorageNames.OrleansHa) is not { } lister)
        {
            LogNoGrainStateLister(GrainStorageNames.OrleansHa);
            return [];
        }

        var jobs = new List<JobId>();
        await foreach (var grainId in lister.ListGrainIdsAsync(JobGrainType))
        {
            jobs.Add(new JobId(grainId.Key.ToString()!));
        }

        return jobs;
    }

    /// <summary>
    /// Asks the job grain to recover under this epoch until it answers: a job whose subtasks all died sends no
    /// report, so nothing else would wake it (its grain may, for one, still be deactivating on a silo that is
    /// shutting down). Stops when a newer leader exists or this activation deactivates.
    /// </summary>
    private async Task<bool> RecoverJobAsync(JobId jobId)
    {
        var delay = _options.Leadership.RecoveryRetryDelay;
        while (!_deactivating.IsCancellationRequested)
        {
            await _recoveryLimit.WaitAsync();
            try
            {
                // Stops waiting when this leader steps down (see Deactivate).
                var live = await GrainFactory.GetGrain<IJobMasterGrain>(jobId.Value).RecoverAsync(_epoch)
                    .WaitAsync(_options.Leadership.RecoveryCallTimeout, _deactivating.Token);
                if (!live)
                {
                    StopCountingAsLive(jobId);
                }

                return live;
            }
            catch (OperationCanceledException) when (_deactivating.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception exception) when (!IsSuperseded(exception))
            {
                LogJobUnreachable(exception, jobId, delay);
            }
            catch (Exception)
            {
                return false;
            }
            finally
            {
                _recoveryLimit.Release();
            }

            try
            {
                await Task.Delay(delay, _deactivating.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.Leadership.RecoveryRetryMaxDelay.Ticks));
        }

        return false;
    }

    [LoggerMessage(3020, LogLevel.Information, "The leader with epoch {Epoch} recovered {Jobs} live jobs ({Dirty} dirty JobResultStore entries left to cleanup) in {Elapsed}")]
    private partial void LogRecovered(long epoch, int jobs, int dirty, TimeSpan elapsed);

    [LoggerMessage(3021, LogLevel.Error, "The leader could not list the jobs to recover; job grains resume on their next report and the next leader lists again")]
    private partial void LogRecoveryListingFailed(Exception exception);

    [LoggerMessage(3022, LogLevel.Warning, "The grain storage {Name} cannot list grain states, so the leader cannot recover jobs after a failover; register an OrleansHa grain storage provider under that name")]
    private partial void LogNoGrainStateLister(string name);
}
