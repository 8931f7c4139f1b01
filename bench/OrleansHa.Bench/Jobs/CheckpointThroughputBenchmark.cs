using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Examples;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Testing.Cluster;

namespace OrleansHa.Bench.Jobs;

/// <summary>
/// N running jobs checkpointing every 100 ms on three in-process silos on ZooKeeper and Azurite: completed
/// checkpoints per second across them, and the latency from a checkpoint's trigger to its completion.
/// </summary>
internal static class CheckpointThroughputBenchmark
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(TextWriter output, int jobs, CancellationToken cancellationToken)
    {
        await using var servers = await BenchServers.StartAsync(output, cancellationToken);
        await using var cluster = await InProcessHaCluster.StartAsync(
            3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString, o => o.TaskExecutor.Slots = jobs);
        using var metrics = new MetricRecorder();
        var ids = await Task.WhenAll(Enumerable.Range(0, jobs).Select(_ => cluster.Leader.SubmitAsync(new JobSpec
        {
            JobId = JobId.New(),
            EntryType = typeof(NeverEnding).FullName!,
            Parallelism = 1,
            Parameters = new Dictionary<string, string> { ["tickMs"] = "10" },
            CheckpointInterval = TimeSpan.FromMilliseconds(100),
        }, [])));

        // Warm up until every job has checkpointed, then measure a fixed window.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        metrics.Reset();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(Window, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var completed = metrics.Counter("orleansha.checkpoints.completed");
        var latency = new Samples("checkpoint latency", "ms");
        foreach (var value in metrics.Values("orleansha.checkpoints.duration"))
        {
            latency.Add(value);
        }

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"{jobs} running jobs, checkpoint interval 100 ms: {completed / elapsed.TotalSeconds:0} completed checkpoints/s; " +
                         $"latency p50 {latency.Percentile(0.5):0} ms, p99 {latency.Percentile(0.99):0} ms ({latency.Count} checkpoints)");
        await Task.WhenAll(ids.Select(id => cluster.Client.GetGrain<IJobGrain>(id.Value).CancelAsync()));
    }
}
