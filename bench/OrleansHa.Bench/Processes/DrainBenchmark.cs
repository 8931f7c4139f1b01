using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Diagnostics;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// N dirty JobResultStore entries of trivial jobs a dead leader left, on three silo processes: the time from
/// waking the cleanup grain until it has cleaned them all (counted by the silos' cleanup metric, then checked
/// against the container: no JobResultStore entry left).
/// </summary>
internal static class DrainBenchmark
{
    // A drain that has not ended by then is reported as such, so 'all' goes on to the next figure.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(20);

    public static async Task RunAsync(TextWriter output, int entries, CancellationToken cancellationToken)
    {
        // The reminder's first tick an hour away: only the wake-up below starts the drain.
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: 2, cancellationToken, "--OrleansHa:Cleanup:ReminderPeriod=01:00:00");
        var writing = Stopwatch.GetTimestamp();
        await using (var writer = await DirtyEntryWriter.StartAsync(bench.Silos.ClusterId, bench.Silos.StorageConnectionString, cancellationToken))
        {
            await writer.WriteAsync(entries, output, cancellationToken);
        }

        output.WriteLine($"{entries} dirty entries written in {Stopwatch.GetElapsedTime(writing).TotalSeconds:0.0} s; waking the cleanup grain ...");
        var before = bench.ReadMetrics();
        var started = Stopwatch.GetTimestamp();
        var wake = bench.Client.GetGrain<ICleanupGrain>(ICleanupGrain.Key).WakeAsync();
        MetricsSnapshot drained;
        while ((drained = bench.ReadMetrics().Minus(before)).Counter("orleansha.cleanup.cleaned") < entries)
        {
            if (Stopwatch.GetElapsedTime(started) > GiveUpAfter)
            {
                output.WriteLine($"machine: {BenchServers.Machine}");
                output.WriteLine($"{entries} dirty JobResultStore entries NOT drained within {GiveUpAfter.TotalMinutes:0} minutes: " +
                                 $"{drained.Counter("orleansha.cleanup.cleaned")} cleaned, {drained.Counter("orleansha.cleanup.failures")} failed attempts; " +
                                 $"storage operations so far: {StorageOperations.Breakdown(drained, 1)}");
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);

        // The wake-up call answers when the drain ends; a long drain outlasts its response timeout, not itself.
        await wake.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var left = await bench.Silos.ListBlobNamesAsync(bench.Silos.Layout.JobResultStorePrefix, cancellationToken);
        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"{entries} dirty JobResultStore entries drained in {elapsed.TotalMilliseconds:0} ms ({entries / elapsed.TotalSeconds:0} entries/s); " +
                         $"{left.Count} entries left in the container afterwards");
        output.WriteLine($"storage operations per entry: {StorageOperations.PerUnit(drained, entries):0.00}: {StorageOperations.Breakdown(drained, entries)}");
    }
}
