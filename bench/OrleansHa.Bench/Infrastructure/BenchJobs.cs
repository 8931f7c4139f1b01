using OrleansHa.Examples;
using OrleansHa.Jobs;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>The jobs the benchmarks run: a trivial one that finishes at once, and one that runs until cancelled.</summary>
internal static class BenchJobs
{
    /// <summary>SumRange over ten numbers, parallelism 1: the least a finished job can cost.</summary>
    public static JobSpec Trivial() => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(SumRange).FullName!,
        Parallelism = 1,
        Parameters = new Dictionary<string, string> { ["n"] = "10" },
    };

    /// <summary>NeverEnding of one subtask, ticking every <paramref name="tick"/>; checkpointing when an interval is given.</summary>
    public static JobSpec Running(TimeSpan tick, TimeSpan? checkpointInterval = null) => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(NeverEnding).FullName!,
        Parallelism = 1,
        Parameters = new Dictionary<string, string> { ["tickMs"] = ((int)tick.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        CheckpointInterval = checkpointInterval ?? TimeSpan.Zero,
    };
}
