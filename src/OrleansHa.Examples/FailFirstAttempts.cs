using OrleansHa.Authoring;

namespace OrleansHa.Examples;

/// <summary>
/// Fails while the job's attempt is at most <c>failAttempts</c> (after <c>delayMs</c>), then finishes with
/// accumulator <c>done</c> = 1 per subtask: a job for the restart paths.
/// </summary>
public sealed class FailFirstAttempts : IJobTask
{
    public async Task RunAsync(ITaskContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(context.GetInt64("delayMs", 0)), cancellationToken);
        var failAttempts = context.GetInt64("failAttempts", 1);
        if (context.Attempt <= failAttempts)
        {
            throw new InvalidOperationException(
                $"FailFirstAttempts fails attempt {context.Attempt} of {failAttempts} on purpose.");
        }

        context.Accumulators.Add("done", 1);
    }
}
