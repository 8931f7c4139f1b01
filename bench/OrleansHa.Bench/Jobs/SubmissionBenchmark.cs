using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Bench.Processes;
using OrleansHa.Bench.Storage;

namespace OrleansHa.Bench.Jobs;

/// <summary>
/// Durable submissions accepted, as DESIGN 9 states the target: the most per second at 64 concurrent
/// submitters, then the latency at half that rate, offered open-loop (each submission starts at its
/// scheduled time whatever the earlier ones do, and its latency counts from that time, so a stall shows in
/// the percentiles instead of slowing the offered load). The jobs run on without checkpoints: what competes
/// with the submissions is their start (slots, deployment), not their end, which the jobs mode measures.
/// </summary>
internal static class SubmissionBenchmark
{
    private const int BurstSubmitters = 64;

    public static async Task RunAsync(TextWriter output, int burstJobs, CancellationToken cancellationToken)
    {
        var paced = burstJobs / 2;

        // Two silos must be able to hold every job, as in the recovery benchmark.
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: ((burstJobs + paced) / 2) + 10, cancellationToken);
        output.WriteLine($"machine: {BenchServers.Machine}");

        var burst = Enumerable.Range(0, burstJobs).Select(_ => BenchJobs.Running(TimeSpan.FromSeconds(1))).ToList();
        var burstLatencies = new Samples("submission latency, burst", "ms");
        var burstTook = await ClosedLoopSubmitters.RunAsync(bench, BurstSubmitters, burst.Count, index => burst[index], burstLatencies);
        var rate = burstJobs / burstTook.TotalSeconds;
        output.WriteLine(
            $"{burstJobs} submissions by {BurstSubmitters} submitters: {rate:0} accepted/s " +
            $"(p50 {burstLatencies.Percentile(0.5):0.0} ms, p99 {burstLatencies.Percentile(0.99):0.0} ms)");

        // The burst's jobs start in the background for a while after their submissions; the paced phase
        // begins once they all run.
        await bench.WaitAllRunningAsync([.. burst.Select(s => s.JobId)], TimeSpan.FromMinutes(15), cancellationToken);

        var offered = rate / 2;
        var pacedLatencies = new Samples("submission latency, paced", "ms");
        var interval = TimeSpan.FromSeconds(1 / offered);
        var submissions = new List<Task>(paced);
        var pacedStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < paced; i++)
        {
            var due = pacedStart + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            submissions.Add(Task.Run(async () =>
            {
                await bench.Leader.SubmitAsync(BenchJobs.Running(TimeSpan.FromSeconds(1)), []);
                pacedLatencies.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            }, cancellationToken));
        }

        await Task.WhenAll(submissions);
        var achieved = paced / Stopwatch.GetElapsedTime(pacedStart).TotalSeconds;
        output.WriteLine(
            $"{paced} submissions offered at {offered:0}/s (half the burst's rate), open-loop: {achieved:0} accepted/s " +
            $"(p50 {pacedLatencies.Percentile(0.5):0.0} ms, p99 {pacedLatencies.Percentile(0.99):0.0} ms, " +
            $"latency from each submission's scheduled time)");

        var raw = await RawWriteRate.MeasureAsync(bench.Servers.Azurite.ConnectionString, TimeSpan.FromSeconds(5), cancellationToken);
        output.WriteLine($"raw conditional blob writes/s of the same Azurite, measured after: {raw:0}");
    }
}
