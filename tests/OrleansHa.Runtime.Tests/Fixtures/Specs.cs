using OrleansHa.Examples;
using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>Job specs of the sample jobs, with small sizes for tests.</summary>
public static class Specs
{
    public static JobSpec SumRange(
        long n, int parallelism, int delayMs = 0, TimeSpan? checkpointInterval = null, RestartStrategy? restart = null, int retained = 1) => new()
    {
        JobId = JobId.New(),
        Name = "sum-range",
        EntryType = typeof(SumRange).FullName!,
        Parallelism = parallelism,
        Parameters = new Dictionary<string, string> { ["n"] = n.ToString(), ["delayMs"] = delayMs.ToString() },
        CheckpointInterval = checkpointInterval ?? TimeSpan.Zero,
        RetainedCheckpoints = retained,
        RestartStrategy = restart ?? RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(50)),
    };

    public static JobSpec NeverEnding(int parallelism, TimeSpan? checkpointInterval = null, int retained = 1) => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(NeverEnding).FullName!,
        Parallelism = parallelism,
        CheckpointInterval = checkpointInterval ?? TimeSpan.Zero,
        RetainedCheckpoints = retained,
        RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(50)),
    };

    /// <summary>LargeState with a state above the 20 KiB inline threshold, so its payloads go to the payload store.</summary>
    public static JobSpec LargeState(
        long iterations, int parallelism, int delayMs, TimeSpan checkpointInterval, int retained = 1, int stateBytes = 32 * 1024) => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(LargeState).FullName!,
        Parallelism = parallelism,
        Parameters = new Dictionary<string, string>
        {
            ["stateBytes"] = stateBytes.ToString(), ["iterations"] = iterations.ToString(), ["delayMs"] = delayMs.ToString(),
        },
        CheckpointInterval = checkpointInterval,
        RetainedCheckpoints = retained,
        RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(50)),
    };

    public static JobSpec FailFirstAttempts(int failAttempts, RestartStrategy restart, int parallelism = 2) => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(FailFirstAttempts).FullName!,
        Parallelism = parallelism,
        Parameters = new Dictionary<string, string> { ["failAttempts"] = failAttempts.ToString() },
        RestartStrategy = restart,
    };

    public static long ExpectedSum(long n) => n * (n + 1) / 2;
}
