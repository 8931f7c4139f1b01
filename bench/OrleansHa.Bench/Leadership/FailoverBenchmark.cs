using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Testing.Cluster;

namespace OrleansHa.Bench.Leadership;

/// <summary>
/// Kills the leader's silo (three in-process silos on ZooKeeper and Azurite, production failure-detection
/// settings) and measures the time until a new leader accepts a submission; the killed silo is replaced
/// before the next trial.
/// </summary>
internal static class FailoverBenchmark
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMilliseconds(500);

    public static async Task RunAsync(TextWriter output, int trials, CancellationToken cancellationToken)
    {
        await using var servers = await BenchServers.StartAsync(output, cancellationToken);
        await using var cluster = await InProcessHaCluster.StartAsync(
            3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString, o => o.TaskExecutor.Slots = 4);
        await cluster.Leader.SubmitAsync(TrivialJob(), []);

        var accepting = new Samples("kill -9 of the leader's silo -> a new leader accepts a submission", "ms");
        var epochs = new Samples("kill -9 of the leader's silo -> the leader grain answers with the next epoch", "ms");
        for (var trial = 1; trial <= trials; trial++)
        {
            var before = await cluster.Leader.GetLeaderAsync();
            var victim = cluster.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.SiloAddress);
            var killed = Stopwatch.GetTimestamp();
            await cluster.Cluster.KillSiloAsync(victim, cancellationToken);

            await RetryUntilAsync(async () => (await cluster.Leader.GetLeaderAsync()).Epoch > before.Epoch, cancellationToken);
            epochs.Add(Stopwatch.GetElapsedTime(killed).TotalMilliseconds);
            await RetryUntilAsync(async () => await cluster.Leader.SubmitAsync(TrivialJob(), []) is { }, cancellationToken);
            accepting.Add(Stopwatch.GetElapsedTime(killed).TotalMilliseconds);
            output.WriteLine($"trial {trial}: new leader after {epochs.Median:0} ms median so far; this trial {Stopwatch.GetElapsedTime(killed).TotalMilliseconds:0} ms");

            await cluster.Cluster.StartAdditionalSiloAsync();
            await RetryUntilAsync(async () => (await cluster.Leader.GetClusterSlotsAsync()).Executors.Count == 3, cancellationToken);
        }

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine(epochs);
        output.WriteLine(accepting);
    }

    internal static JobSpec TrivialJob() => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(SumRange).FullName!,
        Parallelism = 1,
        Parameters = new Dictionary<string, string> { ["n"] = "10" },
    };

    /// <summary>Calls until the condition holds; a call that fails or takes too long is simply made again.</summary>
    internal static async Task RetryUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await condition().WaitAsync(CallTimeout, cancellationToken))
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

        throw new TimeoutException("The cluster did not recover within 2 minutes.");
    }
}
