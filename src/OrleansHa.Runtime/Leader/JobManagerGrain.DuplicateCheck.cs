using Microsoft.Extensions.Logging;
using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// The duplicate-id check of a submission against globally terminated jobs, answered from memory when it can:
/// the history read it costs otherwise is one of the few storage requests a whole job makes.
/// </summary>
/// <remarks>
/// Why memory can answer: every job with a history record either had it written before this leader's
/// history listing started, so the listing holds it, or had grain state when the recovery listed the jobs
/// (a job writes its history record before its dirty entry, and both before its state is deleted), so the
/// leader counted it as live and adds it to <see cref="_recordedJobIds"/> when it stops counting it
/// (<see cref="StopCountingAsLive"/>). The listing therefore starts only after a recovery listing that
/// succeeded; until it completes, a submission reads the record, as it does when the set is over capacity.
/// </remarks>
internal sealed partial class JobManagerGrain
{
    private readonly RecordedJobIds _recordedJobIds;

    private async Task<bool> IsGloballyTerminatedAsync(JobId jobId) =>
        !_recordedJobIds.RulesOut(jobId)
        && await _recorder.IsGloballyTerminatedAsync(jobId);

    /// <summary>The job is no longer live under this leader; it may have, or get, a history record.</summary>
    private void StopCountingAsLive(JobId jobId)
    {
        _jobs.Remove(jobId);
        CountAsRecorded(jobId);
    }

    private void CountAsRecorded(JobId jobId)
    {
        if (_recordedJobIds.IsOverCapacity)
        {
            return;
        }

        _recordedJobIds.Add(jobId);
        if (_recordedJobIds.IsOverCapacity)
        {
            LogRecordedJobIdsOverCapacity(_epoch, _options.History.RecordedIdsInMemory);
        }
    }

    /// <summary>Lists the history into memory, once the recovery has counted every stored job as live.</summary>
    private async Task ListRecordedJobIdsAsync()
    {
        if (_recordedJobIds.IsOverCapacity
            || _recorder.HistoryThatAnswersAlone is not { } history)
        {
            return;
        }

        try
        {
            await foreach (var jobId in history.ListJobIdsAsync(_deactivating.Token))
            {
                CountAsRecorded(jobId);
                if (_recordedJobIds.IsOverCapacity)
                {
                    return;
                }
            }

            _recordedJobIds.MarkListed();
            LogRecordedJobIdsListed(_epoch, _recordedJobIds.Count);
        }
        catch (OperationCanceledException) when (_deactivating.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogRecordedJobIdsListingFailed(exception, _epoch);
        }
    }

    [LoggerMessage(3023, LogLevel.Information, "The leader with epoch {Epoch} knows the {Count} job ids with a history record; a submission's duplicate check reads storage only for those")]
    private partial void LogRecordedJobIdsListed(long epoch, int count);

    [LoggerMessage(3024, LogLevel.Warning, "More than OrleansHa:History:RecordedIdsInMemory ({Capacity}) job ids may have a history record: the leader with epoch {Epoch} reads the history record on every submission; raise the option to keep them in memory")]
    private partial void LogRecordedJobIdsOverCapacity(long epoch, int capacity);

    [LoggerMessage(3025, LogLevel.Warning, "The leader with epoch {Epoch} could not list the history: every submission reads the history record, until the next leader lists it again")]
    private partial void LogRecordedJobIdsListingFailed(Exception exception, long epoch);
}
