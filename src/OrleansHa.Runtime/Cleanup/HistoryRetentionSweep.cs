using OrleansHa.Runtime.Options;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Cleanup;

/// <summary>
/// Walks the history in bounded steps, one per cleanup reminder tick, deleting the records past their
/// retention. Where it stopped lives only here: a new activation starts again from the first record, which
/// costs a repeated listing and nothing else, since each deletion is conditional and deleting twice is a no-op.
/// </summary>
internal sealed class HistoryRetentionSweep(IJobHistoryStore store, HistoryOptions options, TimeProvider time)
{
    private string? _continuation;
    private bool _stepping;

    /// <summary>
    /// Sweeps the next <see cref="HistoryOptions.SweepRecordsPerTick"/> records; null when a step is already
    /// running (the cleanup grain is reentrant, so two ticks could otherwise list the same records). A failed
    /// step leaves the position where it was, so the next tick repeats it.
    /// </summary>
    public async Task<HistorySweepStep?> StepAsync(CancellationToken cancellationToken = default)
    {
        if (_stepping)
        {
            return null;
        }

        _stepping = true;
        try
        {
            var step = await store.SweepAsync(
                time.GetUtcNow() - options.Retention, _continuation, options.SweepRecordsPerTick, cancellationToken);
            _continuation = step.Continuation;
            return step;
        }
        finally
        {
            _stepping = false;
        }
    }
}
