using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Bench.Leadership;
using OrleansHa.Testing.Cluster;

namespace OrleansHa.Bench.Jobs;

/// <summary>
/// Trivial jobs end to end on three in-process silos on ZooKeeper and Azurite: submissions accepted per
/// second with their latency at 1, 8 and 64 concurrent submitters, jobs finished and cleaned per second, and
/// the storage operations each job cost, counted from the providers' own metric.
/// </summary>
internal static class JobThroughputBenchmark
{
    private const string StorageOperations = "orleansha.storage.operations";

    public static async Task RunAsync(TextWriter output, int jobsPerLevel, CancellationToken cancellationToken)
    {
        await using var servers = await BenchServers.StartAsync(output, cancellationToken);
        await using var cluster = await InProcessHaCluster.StartAsync(
            3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString, o => o.TaskExecutor.Slots = 64);
        using var metrics = new MetricRecorder();
        await cluster.Leader.SubmitAsync(FailoverBenchmark.TrivialJob(), []);

        output.WriteLine($"machine: {BenchServers.Machine}");
        foreach (var submitters in new[] { 1, 8, 64 })
        {
            await WaitForQuietAsync(metrics, cancellationToken);
            metrics.Reset();
            var latencies = new Samples($"submission latency, {submitters} submitters", "ms");
            var started = Stopwatch.GetTimestamp();
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, submitters).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= jobsPerLevel)
                {
                    var call = Stopwatch.GetTimestamp();
                    await cluster.Leader.SubmitAsync(FailoverBenchmark.TrivialJob(), []);
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(call).TotalMilliseconds);
                    }
                }
            }));
            var submitted = Stopwatch.GetElapsedTime(started);
            while (metrics.Counter("orleansha.jobs.finished") < jobsPerLevel || metrics.Counter(StorageOperations + "/job-result-store/delete") < jobsPerLevel)
            {
                await Task.Delay(20, cancellationToken);
            }

            var cleaned = Stopwatch.GetElapsedTime(started);
            output.WriteLine(
                $"{submitters,2} submitters: {jobsPerLevel / submitted.TotalSeconds:0} submissions/s " +
                $"(p50 {latencies.Percentile(0.5):0.0} ms, p99 {latencies.Percentile(0.99):0.0} ms); " +
                $"{jobsPerLevel / cleaned.TotalSeconds:0} jobs/s submitted -> FINISHED -> cleaned; " +
                $"{metrics.CounterSum(StorageOperations) / (double)jobsPerLevel:0.0} storage operations per job");
        }

        output.WriteLine("storage operations per job by store/operation (last level): " + string.Join(", ",
            metrics.Counters(StorageOperations + "/").Select(c => $"{c.Key[(StorageOperations.Length + 1)..]}={c.Value / (double)jobsPerLevel:0.##}")));
    }

    /// <summary>Waits until no storage operation happened for a moment, so one level's tail does not count in the next.</summary>
    private static async Task WaitForQuietAsync(MetricRecorder metrics, CancellationToken cancellationToken)
    {
        var last = -1L;
        while (metrics.CounterSum(StorageOperations) != last)
        {
            last = metrics.CounterSum(StorageOperations);
            await Task.Delay(300, cancellationToken);
        }
    }
}
