using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Bench.Processes;
using OrleansHa.Grains;

namespace OrleansHa.Bench.Jobs;

/// <summary>
/// N running jobs checkpointing every 100 ms on three silo processes on ZooKeeper and Azurite: completed
/// checkpoints per second across them, and the latency from a checkpoint's trigger to its completion, from
/// the runtime's own metrics in the silos (read from their metrics log).
/// </summary>
internal static class CheckpointThroughputBenchmark
{
    private const string Completed = "orleansha.checkpoints.completed";
    private const string Duration = "orleansha.checkpoints.duration";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(TextWriter output, int jobs, CancellationToken cancellationToken)
    {
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: (jobs / 3) + 10, cancellationToken);
        var specs = Enumerable.Range(0, jobs).Select(_ => BenchJobs.Running(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100))).ToList();
        await bench.SubmitAllAsync(specs, 16, cancellationToken);
        var ids = specs.Select(s => s.JobId).ToList();
        await bench.WaitAllRunningAsync(ids, TimeSpan.FromMinutes(5), cancellationToken);

        // Warm up until every job has checkpointed, then measure a fixed window.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var before = bench.ReadMetrics();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(Window, cancellationToken);
        var window = bench.ReadMetrics().Minus(before);
        var elapsed = Stopwatch.GetElapsedTime(started);

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"{jobs} running jobs, checkpoint interval 100 ms: {window.Counter(Completed) / elapsed.TotalSeconds:0} completed checkpoints/s; " +
                         $"latency p50 {window.Percentile(Duration, 0.5):0} ms, p99 {window.Percentile(Duration, 0.99):0} ms " +
                         $"({window.Count(Duration)} checkpoints; the silos' histogram buckets are 5% wide)");
        await Task.WhenAll(ids.Select(id => bench.Client.GetGrain<IJobGrain>(id.Value).CancelAsync()));
    }
}
