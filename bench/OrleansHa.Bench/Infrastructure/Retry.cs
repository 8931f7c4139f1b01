using System.Diagnostics;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>Polls a cluster that is recovering or busy, where a call that fails or hangs only means "not yet".</summary>
internal static class Retry
{
    /// <summary>How long one polling call may take before it counts as "not yet".</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Calls until the condition holds; a call that fails or takes over 500 ms is simply made again.</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/> (two minutes unless given).</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, TimeSpan? timeout = null, TimeSpan? callTimeout = null)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await condition().WaitAsync(callTimeout ?? CallTimeout, cancellationToken))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The old leader's silo is not declared dead yet, or the new leader is still activating.
            }

            await Task.Delay(10, cancellationToken);
        }

        throw new TimeoutException($"The cluster did not get there within {limit}.");
    }
}
