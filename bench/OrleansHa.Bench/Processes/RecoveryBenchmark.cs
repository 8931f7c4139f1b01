using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// N running jobs on three silo processes, kill -9 of the leader's silo, and the time until a new leader
/// leads and until every job is RUNNING again (adopted where its subtask survived, restarted otherwise).
/// </summary>
internal static class RecoveryBenchmark
{
    public static async Task RunAsync(TextWriter output, int jobs, CancellationToken cancellationToken)
    {
        // Two silos must hold every job after the third is killed.
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: (jobs / 2) + 10, cancellationToken);
        var specs = Enumerable.Range(0, jobs).Select(_ => BenchJobs.Running(TimeSpan.FromSeconds(1))).ToList();
        var submitting = Stopwatch.GetTimestamp();
        await bench.SubmitAllAsync(specs, 64, cancellationToken);
        var ids = specs.Select(s => s.JobId).ToList();
        output.WriteLine($"{jobs} jobs submitted in {Stopwatch.GetElapsedTime(submitting).TotalSeconds:0.0} s; waiting for all to run ...");
        await bench.WaitAllRunningAsync(ids, TimeSpan.FromMinutes(15), cancellationToken);

        var before = await bench.Leader.GetLeaderAsync();
        var victim = bench.Silos.IndexOf(before.SiloAddress);
        var killed = Stopwatch.GetTimestamp();
        bench.Silos.Silos[victim].Process.Kill();
        await Retry.UntilAsync(async () => (await bench.Leader.GetLeaderAsync()).Epoch > before.Epoch, cancellationToken);
        var newLeader = Stopwatch.GetElapsedTime(killed);
        await bench.WaitAllRunningAsync(ids, TimeSpan.FromMinutes(15), cancellationToken);
        var allRunning = Stopwatch.GetElapsedTime(killed);
        var lastRound = Stopwatch.GetTimestamp();
        await bench.WaitAllRunningAsync(ids, TimeSpan.FromMinutes(1), cancellationToken);

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"{jobs} running jobs, leader's silo killed (kill -9): new leader after {newLeader.TotalMilliseconds:0} ms, " +
                         $"every job RUNNING again after {allRunning.TotalMilliseconds:0} ms " +
                         $"(one round of status calls over all jobs takes {Stopwatch.GetElapsedTime(lastRound).TotalMilliseconds:0} ms)");
    }
}
