using OrleansHa.Authoring;

namespace OrleansHa.Examples;

/// <summary>Counts ticks (accumulator <c>ticks</c>) every <c>tickMs</c> until it is cancelled.</summary>
public sealed class NeverEnding : IJobTask
{
    public async Task RunAsync(ITaskContext context, CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromMilliseconds(context.GetInt64("tickMs", 10));
        var ticks = context.RestoredState is { } state ? BitConverter.ToInt64(state.Span) : 0;
        while (true)
        {
            await Task.Delay(tick, cancellationToken);
            ticks++;
            context.Accumulators.Add("ticks", 1);
            var snapshot = ticks;
            await context.SafePointAsync(() => BitConverter.GetBytes(snapshot));
        }
    }
}
