using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Cleanup;

/// <summary>
/// The storage steps of the HA data lifecycle around a job's own cleanup (DESIGN 6): its history record and
/// its JobResultStore entry. Every step is idempotent, so the job grain and the cleanup grain may both take
/// them, as often as they fail. A silo without one of the stores skips its step.
/// </summary>
internal sealed class JobResultRecorder(IServiceProvider services)
{
    private IJobResultStore? ResultStore => services.GetService<IJobResultStore>();

    private IJobHistoryStore? History => services.GetService<IJobHistoryStore>();

    /// <summary>Writes the history record, then creates the dirty entry: from here on the job is only ever cleaned.</summary>
    public async Task RecordAsync(JobResult result, CancellationToken cancellationToken = default)
    {
        if (History is { } history)
        {
            await history.PutAsync(result, cancellationToken);
        }

        if (ResultStore is { } resultStore)
        {
            try
            {
                await resultStore.CreateDirtyResultAsync(result, cancellationToken);
            }
            catch (JobResultEntryAlreadyExistsException)
            {
                // Recorded by an earlier try: one result per job, ever.
            }
        }
    }

    /// <summary>Marks the entry clean once the job's HA data is gone.</summary>
    public async Task MarkCleanAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        if (ResultStore is not { } resultStore)
        {
            return;
        }

        try
        {
            await resultStore.MarkResultAsCleanAsync(jobId, cancellationToken);
        }
        catch (NoSuchJobResultEntryException)
        {
            // Marked clean by an earlier try.
        }
    }

    /// <summary>The job's recorded result, if it reached a globally terminal status: its history record.</summary>
    public async Task<JobResult?> FindRecordedAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        History is { } history ? await history.GetAsync(jobId, cancellationToken) : null;

    /// <summary>
    /// The history store when its records alone answer <see cref="IsGloballyTerminatedAsync"/>: null without
    /// one, or when clean entries are kept, since those outlive the records.
    /// </summary>
    public IJobHistoryStore? HistoryThatAnswersAlone =>
        History is { } history && ResultStore is not { DeletesOnCommit: false } ? history : null;

    /// <summary>
    /// Whether the job id was used by a job that reached a globally terminal status: its history record, or
    /// (after the history's retention) its clean JobResultStore entry. One read for a new job when entries
    /// are deleted on commit: a dirty entry is only ever created after the history record.
    /// </summary>
    public async Task<bool> IsGloballyTerminatedAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        if (History is null)
        {
            return ResultStore is { } anyStore && await anyStore.HasEntryAsync(jobId, cancellationToken);
        }

        if (await FindRecordedAsync(jobId, cancellationToken) is not null)
        {
            return true;
        }

        return ResultStore is { DeletesOnCommit: false } resultStore && await resultStore.HasCleanEntryAsync(jobId, cancellationToken);
    }
}
