using OrleansHa.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// Holds every silo's history reads of one job until the test releases them, as a read stuck on a slow
/// storage account would hold them; a read whose caller stops waiting ends with its cancellation.
/// </summary>
public sealed class HeldHistoryReads
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _heldJob;

    /// <summary>Completes when a read of the held job has started.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Wraps the silo's history store (register the store first).</summary>
    public void Install(ISiloBuilder silo) =>
        RegisteredService.Wrap<IJobHistoryStore>(silo.Services, inner => new HoldingStore(inner, this));

    public void Hold(JobId jobId) => _heldJob = jobId.Value;

    public void Release() => _released.TrySetResult();

    private sealed class HoldingStore(IJobHistoryStore inner, HeldHistoryReads held) : IJobHistoryStore
    {
        public async Task<JobResult?> GetAsync(JobId jobId, CancellationToken cancellationToken = default)
        {
            if (jobId.Value == held._heldJob)
            {
                held._reached.TrySetResult();
                await held._released.Task.WaitAsync(cancellationToken);
            }

            return await inner.GetAsync(jobId, cancellationToken);
        }

        public Task PutAsync(JobResult result, CancellationToken cancellationToken = default) =>
            inner.PutAsync(result, cancellationToken);

        public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
            inner.DeleteOlderThanAsync(cutoff, cancellationToken);
    }
}
