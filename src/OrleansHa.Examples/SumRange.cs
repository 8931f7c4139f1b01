using OrleansHa.Authoring;

namespace OrleansHa.Examples;

/// <summary>
/// Sums 1..N (parameter <c>n</c>) across the subtasks, each over its own contiguous share, waiting
/// <c>delayMs</c> milliseconds after each element. The position is the checkpointed state and the partial
/// sum an accumulator, so accumulator <c>sum</c> ends exactly N(N+1)/2 whatever fails in between.
/// </summary>
public sealed class SumRange : IJobTask
{
    public const string Sum = "sum";
    public const string Elements = "elements";

    public async Task RunAsync(ITaskContext context, CancellationToken cancellationToken)
    {
        var n = context.GetInt64("n", 1000);
        var delay = TimeSpan.FromMilliseconds(context.GetInt64("delayMs", 0));
        var (start, end) = context.ShareOf(n);

        // Elements are 1-based: the share [start, end) covers the numbers start+1 .. end.
        var next = context.RestoredState is { } state ? BitConverter.ToInt64(state.Span) : start;
        while (next < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            next++;
            context.Accumulators.Add(Sum, next);
            context.Accumulators.Add(Elements, 1);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            var position = next;
            await context.SafePointAsync(() => BitConverter.GetBytes(position));
        }
    }
}
