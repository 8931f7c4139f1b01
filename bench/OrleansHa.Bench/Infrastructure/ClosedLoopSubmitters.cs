using System.Diagnostics;
using OrleansHa.Bench.Processes;
using OrleansHa.Jobs;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>
/// Concurrent submitters in a closed loop: each submits the next job as soon as the leader accepted its last
/// one, so the rate they reach is the rate the cluster accepts at that concurrency.
/// </summary>
internal static class ClosedLoopSubmitters
{
    /// <summary>
    /// Submits <paramref name="jobs"/> specs, the i-th made by <paramref name="specAt"/>(i), from
    /// <paramref name="submitters"/> loops; adds each submission's latency in milliseconds to
    /// <paramref name="latencies"/> and returns how long they all took.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(
        BenchSiloCluster bench, int submitters, int jobs, Func<int, JobSpec> specAt, Samples latencies)
    {
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, submitters).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < jobs)
            {
                var spec = specAt(index);
                var call = Stopwatch.GetTimestamp();
                await bench.Leader.SubmitAsync(spec, []);
                latencies.Add(Stopwatch.GetElapsedTime(call).TotalMilliseconds);
            }
        }));
        return Stopwatch.GetElapsedTime(started);
    }
}
