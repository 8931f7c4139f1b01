using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Jobs;

/// <summary>
/// The HA data lifecycle of a job that reached FINISHED, FAILED or CANCELED (DESIGN 6), on its happy path
/// inline in the job grain: history record and dirty entry, then the job's HA data, then the entry clean.
/// What fails after the entry is dirty is left to the cleanup grain, which calls <see cref="CleanUpHaDataAsync"/>.
/// </summary>
internal sealed partial class JobGrain
{
    private IGrainTimer? _recordTimer;
    private TimeSpan _recordRetryDelay = FirstRetryDelay;

    public async Task CleanUpHaDataAsync()
    {
        var spec = _state.State.Spec;

        // Without the spec (the state is gone already) every step runs, since each is idempotent.
        if (spec is null || spec.CheckpointInterval > TimeSpan.Zero)
        {
            await Checkpoints.DiscardAllAsync();
        }

        if ((spec is null || spec.HasArtifact) && services.GetService<IArtifactStore>() is { } artifacts)
        {
            await artifacts.DeleteAllAsync(_jobId);
        }

        if (_state.RecordExists)
        {
            await _state.ClearAsync();
        }
    }

    /// <summary>
    /// Writes the history record and the dirty entry. Until that succeeds the job is not recorded as ended,
    /// so the grain keeps trying (backing off up to 30 s) and stays active meanwhile.
    /// </summary>
    private async Task<bool> TryRecordResultAsync(JobResult result)
    {
        try
        {
            await recorder.RecordAsync(result);
            _recordTimer?.Dispose();
            _recordTimer = null;
            return true;
        }
        catch (Exception exception)
        {
            LogRecordFailed(exception, _jobId, _recordRetryDelay);
            _recordTimer?.Dispose();
            _recordTimer = RunOnceAfter(_recordRetryDelay, RetryRecordAsync);
            _recordRetryDelay = NextRetryDelay(_recordRetryDelay);
            return false;
        }
    }

    private async Task RetryRecordAsync()
    {
        if (_result is not null && await TryRecordResultAsync(_result))
        {
            await CleanUpAndMarkCleanAsync();
        }
    }

    /// <summary>Cleans the job's HA data and marks its entry clean; a failure leaves the entry dirty for the cleanup grain.</summary>
    private async Task CleanUpAndMarkCleanAsync()
    {
        try
        {
            await CleanUpHaDataAsync();
            await recorder.MarkCleanAsync(_jobId);
        }
        catch (Exception exception)
        {
            LogCleanupDeferred(exception, _jobId);
            GrainFactory.GetGrain<ICleanupGrain>(ICleanupGrain.Key).WakeAsync().Ignore();
        }
    }

    [LoggerMessage(3230, LogLevel.Warning, "The result of job {JobId} could not be recorded; trying again in {Delay}")]
    private partial void LogRecordFailed(Exception exception, JobId jobId, TimeSpan delay);

    [LoggerMessage(3231, LogLevel.Warning, "The HA data of job {JobId} could not be cleaned now; its entry stays dirty and the cleanup grain retries")]
    private partial void LogCleanupDeferred(Exception exception, JobId jobId);
}
