using OrleansHa.Bench.Infrastructure;
using OrleansHa.Testing.Silo;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// Resident memory (VmRSS) of three silo processes on ZooKeeper and Azurite: idle after a warm-up, then with
/// N running jobs spread over them (parallelism 1, a checkpoint every second).
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task RunAsync(TextWriter output, int jobs, CancellationToken cancellationToken)
    {
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: (jobs / 3) + 10, cancellationToken);
        var cluster = bench.Silos;
        var leader = bench.Leader;
        await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
        var idle = ResidentMegabytes(cluster);
        output.WriteLine($"idle: {string.Join(", ", idle.Select(m => $"{m:0} MB"))}");

        await bench.SubmitAllAsync([.. Enumerable.Range(0, jobs).Select(_ => BenchJobs.Running(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)))], 16, cancellationToken);
        await Retry.UntilAsync(async () => (await leader.GetClusterSlotsAsync()).UsedSlots == jobs, cancellationToken, TimeSpan.FromMinutes(10));
        await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
        var loaded = ResidentMegabytes(cluster);
        output.WriteLine($"with {jobs} running jobs: {string.Join(", ", loaded.Select(m => $"{m:0} MB"))}");

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"silo resident memory idle: median {Median(idle):0} MB, max {idle.Max():0} MB (3 silos)");
        output.WriteLine($"silo resident memory with {jobs} running jobs ({jobs / 3} per silo): median {Median(loaded):0} MB, max {loaded.Max():0} MB; " +
            $"growth per silo median {Median(loaded.Zip(idle, (l, i) => l - i).ToArray()):0} MB");
    }

    private static double[] ResidentMegabytes(SiloProcessCluster cluster) =>
        [.. cluster.Silos.Select(s => ResidentKilobytes(s.Process.ProcessId) / 1024.0)];

    /// <summary>VmRSS of the process and its children (the silo runs under the dotnet host, which is the process itself).</summary>
    private static long ResidentKilobytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
