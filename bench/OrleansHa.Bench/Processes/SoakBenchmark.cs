using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// Three silo processes under a steady load for N minutes with no fault injected: DESIGN 9 asks that the
/// failure detection declares no live silo dead in 30 minutes. Reports every silo ever declared dead and
/// the probes the silos missed (Orleans' warning 100613), the margin the settings leave on this machine.
/// </summary>
internal static class SoakBenchmark
{
    private const int RunningJobs = 12;
    private const int Submitters = 4;

    public static async Task RunAsync(TextWriter output, int minutes, CancellationToken cancellationToken)
    {
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: 8, cancellationToken);
        await bench.SubmitAllAsync([.. Enumerable.Range(0, RunningJobs).Select(_ => BenchJobs.Running(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500)))], 4, cancellationToken);
        output.WriteLine($"{RunningJobs} jobs checkpointing every 500 ms and {Submitters} submitters of trivial jobs, for {minutes} minutes ...");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromMinutes(minutes));
        long submitted = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await bench.Leader.SubmitAsync(BenchJobs.Trivial(), []);
                    Interlocked.Increment(ref submitted);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }));

        var hosts = await bench.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        var dead = hosts.Where(h => h.Value == SiloStatus.Dead).Select(h => h.Key.ToParsableString()).ToList();
        var exited = bench.Silos.Silos.Count(s => s.Process.HasExited);
        var missedProbes = bench.Silos.LogPaths.Sum(path => File.ReadLines(path).Count(line => line.Contains("[100613]", StringComparison.Ordinal)));
        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"soak of {clock.Elapsed.TotalMinutes:0.0} minutes: {dead.Count} silos declared dead ({string.Join(", ", dead)}), {exited} silo processes exited; " +
                         $"{missedProbes} missed probes logged; {submitted} trivial jobs submitted, {failed} submissions failed");
    }
}
