namespace OrleansHa.Storage;

/// <summary>Whole-history operations built from the steps of <see cref="IJobHistoryStore"/>.</summary>
public static class JobHistoryStoreExtensions
{
    private const int RecordsPerStep = 5_000;

    /// <summary>
    /// Deletes every record written before <paramref name="cutoff"/>, stepping through the whole history in one
    /// call; returns how many it deleted. Its cost grows with the history: the cleanup grain steps instead.
    /// </summary>
    public static async Task<int> DeleteOlderThanAsync(
        this IJobHistoryStore store, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var deleted = 0;
        string? continuation = null;
        do
        {
            var step = await store.SweepAsync(cutoff, continuation, RecordsPerStep, cancellationToken);
            deleted += step.Deleted;
            continuation = step.Continuation;
        }
        while (continuation is not null);

        return deleted;
    }
}
