using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Bench.Processes;
using OrleansHa.Bench.Storage;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Bench.Jobs;

/// <summary>
/// Trivial jobs end to end on three silo processes on ZooKeeper and Azurite: submissions accepted per second
/// with their latency at each level of concurrent submitters, jobs finished and cleaned per second, and the
/// storage operations each job cost, counted by the storage providers' own meter in the silos (read from
/// their metrics log); then the raw conditional blob writes/s of the same Azurite, the ceiling beside them.
/// </summary>
internal static class JobThroughputBenchmark
{
    private const string Operations = StorageOperationTags.CounterName;
    private static readonly int[] DefaultLevels = [1, 8, 64];

    public static async Task RunAsync(TextWriter output, int jobsPerLevel, IReadOnlyList<int>? levels, CancellationToken cancellationToken)
    {
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: 64, cancellationToken);
        await bench.Leader.SubmitAsync(BenchJobs.Trivial(), []);

        output.WriteLine($"machine: {BenchServers.Machine}");
        MetricsSnapshot? last = null;
        foreach (var submitters in levels ?? DefaultLevels)
        {
            var before = await WaitForQuietAsync(bench, cancellationToken);
            var latencies = new Samples($"submission latency, {submitters} submitters", "ms");
            var started = Stopwatch.GetTimestamp();
            var submitted = await ClosedLoopSubmitters.RunAsync(bench, submitters, jobsPerLevel, _ => BenchJobs.Trivial(), latencies);
            MetricsSnapshot level;
            while (!IsCleaned(level = bench.ReadMetrics().Minus(before), jobsPerLevel))
            {
                await Task.Delay(20, cancellationToken);
            }

            var cleaned = Stopwatch.GetElapsedTime(started);
            last = level;
            output.WriteLine(
                $"{submitters,2} submitters, {jobsPerLevel} jobs: {jobsPerLevel / submitted.TotalSeconds:0} submissions/s " +
                $"(p50 {latencies.Percentile(0.5):0.0} ms, p99 {latencies.Percentile(0.99):0.0} ms); " +
                $"{jobsPerLevel / cleaned.TotalSeconds:0} jobs/s submitted -> FINISHED -> cleaned; " +
                $"{StorageOperations.PerUnit(level, jobsPerLevel):0.0} storage operations per job");
        }

        if (last is not null)
        {
            output.WriteLine($"storage operations per job by store/operation (last level): {StorageOperations.Breakdown(last, jobsPerLevel)}");
        }

        await WaitForQuietAsync(bench, cancellationToken);
        var raw = await RawWriteRate.MeasureAsync(bench.Servers.Azurite.ConnectionString, TimeSpan.FromSeconds(5), cancellationToken);
        output.WriteLine($"raw conditional blob writes/s of the same Azurite, measured after the levels: {raw:0}");
    }

    /// <summary>Every job of the level FINISHED and its JobResultStore entry deleted on commit, its last storage request.</summary>
    private static bool IsCleaned(MetricsSnapshot level, int jobs) =>
        level.Counter("orleansha.jobs.finished") >= jobs
        && level.Counter(Operations, $"store={StorageOperationTags.Stores.JobResultStore}", $"operation={StorageOperationTags.Operations.Delete}") >= jobs;

    /// <summary>
    /// Waits until the silos' storage requests fall to the leader's own periodic ones (a few per half second),
    /// so one level's tail does not count in the next; half a minute at most.
    /// </summary>
    private static async Task<MetricsSnapshot> WaitForQuietAsync(BenchSiloCluster bench, CancellationToken cancellationToken)
    {
        var last = bench.ReadMetrics();
        for (var wait = 0; wait < 60; wait++)
        {
            await Task.Delay(500, cancellationToken);
            var now = bench.ReadMetrics();
            if (now.Counter(Operations) - last.Counter(Operations) <= 3)
            {
                return now;
            }

            last = now;
        }

        return last;
    }
}
