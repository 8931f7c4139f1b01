using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Concurrency;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Options;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Cleanup;

/// <summary>
/// Drains the dirty JobResultStore entries (Flink's resource cleaner): for each, the job grain cleans the
/// job's HA data and the entry is marked clean. An entry whose cleanup fails waits out its backoff from
/// <see cref="CleanupOptions.Strategy"/>, kept here between wake-ups; a timer wakes the grain for the
/// earliest retry, the reminder at least every <see cref="CleanupOptions.ReminderPeriod"/>, which also
/// takes one bounded step of the sweep that deletes history records past their retention. How many jobs
/// it cleans at once adapts to the store: it grows while cleanups finish within
/// <see cref="CleanupOptions.LatencyTarget"/> and halves when they do not, up to
/// <see cref="CleanupOptions.MaxConcurrency"/>.
/// </summary>
/// <remarks>Reentrant so that a wake-up during a drain only asks for one more drain.</remarks>
[Reentrant]
[GrainType("cleanup")]
internal sealed partial class CleanupGrain(
    IServiceProvider services,
    JobResultRecorder recorder,
    IOptions<OrleansHaOptions> options,
    ILogger<CleanupGrain> logger) : Grain, ICleanupGrain, IRemindable
{
    private const string ReminderName = "drain-dirty-job-results";

    private readonly Dictionary<JobId, CleanupRetry> _retrying = [];

    // Kept across drains, so a drain starts at the concurrency the store took in the last one.
    private readonly AimdConcurrencyLimit _concurrency = new(options.Value.Cleanup.MaxConcurrency, options.Value.Cleanup.LatencyTarget);

    // Kept across reminder ticks too: each tick's sweep step goes on where the last one stopped.
    private readonly HistoryRetentionSweep? _historySweep = services.GetService<IJobHistoryStore>() is { } history
        ? new HistoryRetentionSweep(history, options.Value.History, TimeProvider.System)
        : null;
    private bool _draining;
    private bool _drainAgain;
    private IGrainTimer? _retryTimer;

    private CleanupOptions Cleanup => options.Value.Cleanup;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await this.RegisterOrUpdateReminder(ReminderName, Cleanup.ReminderPeriod, Cleanup.ReminderPeriod);
        }
        catch (Exception exception)
        {
            // Without a reminder service the grain is still woken by job grains and by each new leader.
            LogReminderUnavailable(exception);
        }
    }

    public Task WakeAsync() => DrainAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await SweepHistoryAsync();
        await DrainAsync();
    }

    public Task<IReadOnlyDictionary<string, int>> GetRetryingAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(_retrying.ToDictionary(r => r.Key.Value, r => r.Value.Failures));

    private async Task DrainAsync()
    {
        if (_draining)
        {
            _drainAgain = true;
            return;
        }

        _draining = true;
        try
        {
            do
            {
                _drainAgain = false;
                await DrainOnceAsync();
            }
            while (_drainAgain);
        }
        finally
        {
            _draining = false;
        }
    }

    private async Task DrainOnceAsync()
    {
        if (services.GetService<IJobResultStore>() is not { } resultStore)
        {
            return;
        }

        // The ids only: reading every entry on every drain would cost one request per dirty entry, those
        // waiting out their backoff included, and the cleanup needs nothing in the entry but its name.
        IReadOnlyList<JobId> dirty;
        try
        {
            dirty = await resultStore.GetDirtyJobIdsAsync();
        }
        catch (Exception exception)
        {
            RuntimeMetrics.CleanupFailures.Add(1);
            LogListingFailed(exception);
            ScheduleRetry(DateTimeOffset.UtcNow + NextListingDelay());
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var dirtyIds = dirty.ToHashSet();
        foreach (var gone in _retrying.Keys.Where(id => !dirtyIds.Contains(id)).ToList())
        {
            _retrying.Remove(gone);
        }

        var due = dirtyIds.Where(id => !_retrying.TryGetValue(id, out var retry) || retry.NextAttempt <= now).ToList();
        await Task.WhenAll(due.Select(jobId => _concurrency.RunAsync(() => CleanAsync(jobId))));

        if (_retrying.Count > 0)
        {
            ScheduleRetry(_retrying.Values.Min(r => r.NextAttempt));
        }
    }

    private async Task<bool> CleanAsync(JobId jobId)
    {
        try
        {
            await GrainFactory.GetGrain<IJobMasterGrain>(jobId.Value).CleanUpHaDataAsync();
            await recorder.MarkCleanAsync(jobId);
            _retrying.Remove(jobId);
            RuntimeMetrics.JobsCleaned.Add(1);
            LogCleaned(jobId);
            return true;
        }
        catch (Exception exception)
        {
            var failures = (_retrying.TryGetValue(jobId, out var retry) ? retry.Failures : 0) + 1;
            var delay = Cleanup.Strategy.NextDelay(failures - 1);
            _retrying[jobId] = new CleanupRetry(failures, delay is { } d ? DateTimeOffset.UtcNow + d : DateTimeOffset.MaxValue);
            RuntimeMetrics.CleanupFailures.Add(1);
            if (delay is null)
            {
                LogGaveUp(exception, jobId, failures, Cleanup.Strategy);
            }
            else
            {
                LogCleanupFailed(exception, jobId, failures, delay.Value);
            }

            return false;
        }
    }

    private TimeSpan NextListingDelay() => Cleanup.Strategy.NextDelay(0) ?? Cleanup.ReminderPeriod;

    /// <summary>One timer for the earliest retry; the reminder remains the backstop if the grain is collected.</summary>
    private void ScheduleRetry(DateTimeOffset at)
    {
        if (at == DateTimeOffset.MaxValue)
        {
            return;
        }

        _retryTimer?.Dispose();
        var due = at - DateTimeOffset.UtcNow;
        _retryTimer = this.RegisterGrainTimer(
            DrainAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task SweepHistoryAsync()
    {
        if (_historySweep is null)
        {
            return;
        }

        try
        {
            if (await _historySweep.StepAsync() is { Deleted: > 0 } step)
            {
                LogHistorySwept(step.Deleted, step.Examined, options.Value.History.Retention);
            }
        }
        catch (Exception exception)
        {
            LogHistorySweepFailed(exception);
        }
    }

    private sealed record CleanupRetry(int Failures, DateTimeOffset NextAttempt);

    [LoggerMessage(3400, LogLevel.Information, "The HA data of job {JobId} was cleaned and its JobResultStore entry marked clean")]
    private partial void LogCleaned(JobId jobId);

    [LoggerMessage(3401, LogLevel.Warning, "Cleaning job {JobId} failed (attempt {Failures}); its entry stays dirty and is retried in {Delay}")]
    private partial void LogCleanupFailed(Exception exception, JobId jobId, int failures, TimeSpan delay);

    [LoggerMessage(3402, LogLevel.Error, "Cleaning job {JobId} failed {Failures} times; the cleanup strategy {Strategy} allows no more attempts, so its entry stays dirty until the cleanup grain is activated again")]
    private partial void LogGaveUp(Exception exception, JobId jobId, int failures, RestartStrategy strategy);

    [LoggerMessage(3403, LogLevel.Warning, "The dirty JobResultStore entries could not be listed; the cleanup grain tries again")]
    private partial void LogListingFailed(Exception exception);

    [LoggerMessage(3404, LogLevel.Warning, "No reminder service could register the cleanup grain's reminder; it is woken by job grains and new leaders only")]
    private partial void LogReminderUnavailable(Exception exception);

    [LoggerMessage(3405, LogLevel.Information, "Deleted {Count} of {Examined} history records examined, as older than {Retention}")]
    private partial void LogHistorySwept(int count, int examined, TimeSpan retention);

    [LoggerMessage(3406, LogLevel.Warning, "The history records past their retention could not be deleted; the next reminder tries again")]
    private partial void LogHistorySweepFailed(Exception exception);
}
