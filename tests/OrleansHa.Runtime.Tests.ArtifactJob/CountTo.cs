using OrleansHa.Authoring;

namespace ArtifactJobs;

/// <summary>Adds 1 to accumulator <c>counted</c> <c>n</c> times per subtask.</summary>
public sealed class CountTo : IJobTask
{
    public Task RunAsync(ITaskContext context, CancellationToken cancellationToken)
    {
        var n = long.Parse(context.Parameters.GetValueOrDefault("n", "10"), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < n; i++)
        {
            context.Accumulators.Add("counted", 1);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A class that is not a job: submitting it must fail with a clear cause.</summary>
public sealed class NotATask
{
}
