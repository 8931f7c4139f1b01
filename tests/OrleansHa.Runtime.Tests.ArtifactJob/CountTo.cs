using OrleansHa.Authoring;

namespace ArtifactJobs;

/// <summary>
/// Adds 1 to accumulator <c>counted</c> <c>n</c> times per subtask; with <c>delayMs</c> it waits that long
/// before each step and offers a safe point for checkpoints, restoring its position after a restart.
/// </summary>
public sealed class CountTo : IJobTask
{
    public async Task RunAsync(ITaskContext context, CancellationToken cancellationToken)
    {
        var n = long.Parse(context.Parameters.GetValueOrDefault("n", "10"), System.Globalization.CultureInfo.InvariantCulture);
        var delayMs = int.Parse(context.Parameters.GetValueOrDefault("delayMs", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var start = context.RestoredState is { } state ? BitConverter.ToInt64(state.Span) : 0;
        for (var i = start; i < n; i++)
        {
            if (delayMs > 0)
            {
                await Task.Delay(delayMs, cancellationToken);
            }

            context.Accumulators.Add("counted", 1);
            var next = i + 1;
            if (delayMs > 0)
            {
                await context.SafePointAsync(() => BitConverter.GetBytes(next));
            }
        }
    }
}

/// <summary>A class that is not a job: submitting it must fail with a clear cause.</summary>
public sealed class NotATask
{
}
