using System.Diagnostics;
using System.Globalization;
using OrleansHa.Bench.Jobs;
using OrleansHa.Bench.Processes;
using OrleansHa.Bench.Storage;

namespace OrleansHa.Bench;

/// <summary><c>dotnet run -c Release --project bench/OrleansHa.Bench -- all</c>, or one mode of it.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var output = Console.Out;
        var cancellation = CancellationToken.None;
        switch (args)
        {
            case ["all", ..]:
                await RunAllAsync(output, cancellation);
                return 0;
            case ["storage", ..]:
                await StorageBenchmark.RunAsync(output, cancellation);
                return 0;
            case ["azurite", .. var rest]:
                await AzuriteScalingBenchmark.RunAsync(output, Count(rest, 30_000), cancellation);
                return 0;
            case ["jobs", .. var rest]:
                await JobThroughputBenchmark.RunAsync(output, Count(rest, 500), Levels(rest), cancellation);
                return 0;
            case ["submissions", .. var rest]:
                await SubmissionBenchmark.RunAsync(output, Count(rest, 4000), cancellation);
                return 0;
            case ["checkpoints", .. var rest]:
                await CheckpointThroughputBenchmark.RunAsync(output, Count(rest, 100), cancellation);
                return 0;
            case ["failover", .. var rest]:
                await ProcessFailoverBenchmark.RunAsync(output, Count(rest, 20), graceful: false, cancellation);
                return 0;
            case ["handover", .. var rest]:
                await ProcessFailoverBenchmark.RunAsync(output, Count(rest, 10), graceful: true, cancellation);
                return 0;
            case ["recovery", .. var rest]:
                await RecoveryBenchmark.RunAsync(output, Count(rest, 1000), cancellation);
                return 0;
            case ["drain", .. var rest]:
                await DrainBenchmark.RunAsync(output, Count(rest, 1000), cancellation);
                return 0;
            case ["soak", .. var rest]:
                await SoakBenchmark.RunAsync(output, Count(rest, 30), cancellation);
                return 0;
            case ["memory", .. var rest]:
                await MemoryBenchmark.RunAsync(output, Count(rest, 1000), cancellation);
                return 0;
            default:
                Console.Error.WriteLine("usage: OrleansHa.Bench all | storage | azurite [blobs] | jobs [per level] [submitters ...] | submissions [jobs] | checkpoints [jobs] | failover [trials] | handover [trials] | recovery [jobs] | drain [entries] | memory [jobs] | soak [minutes]");
                Console.Error.WriteLine("  all          every figure of docs/benchmarks.md, at 1x and 10x where the work grows (45-60 minutes, 20 of them the drain of 10,000 entries)");
                Console.Error.WriteLine("  storage      conditional writes/s and reads/s of the Azure Blob grain storage beside the raw Azure SDK, on Azurite");
                Console.Error.WriteLine("  azurite      Azurite alone: creates/s, reads/s and deletes/s as it holds more blobs, up to N (default 30000)");
                Console.Error.WriteLine("  jobs         trivial jobs at 1, 8 and 64 submitters (or those given): submissions/s, latency, jobs/s to cleaned, storage operations per job, raw writes/s beside");
                Console.Error.WriteLine("  submissions  N jobs submitted by 64 submitters (accepted/s), then N/2 offered open-loop at half that rate (latency); default 4000");
                Console.Error.WriteLine("  checkpoints  N running jobs checkpointing every 100 ms: completed checkpoints/s and their latency (default 100)");
                Console.Error.WriteLine("  failover     kill -9 the leader's silo: declared dead, new leader accepting, jobs RUNNING again (default 20 trials)");
                Console.Error.WriteLine("  handover     the same with SIGTERM: a clean shutdown hands leadership over (default 10 trials)");
                Console.Error.WriteLine("  recovery     N running jobs, kill -9 the leader's silo: time until all are RUNNING again (default 1000)");
                Console.Error.WriteLine("  drain        N dirty JobResultStore entries: time until the cleanup grain has cleaned them all (default 1000)");
                Console.Error.WriteLine("  memory       resident memory of each silo idle and with N running jobs (default 1000)");
                Console.Error.WriteLine("  soak         no fault for N minutes under load: silos wrongly declared dead, probes missed (default 30; not part of all)");
                Console.Error.WriteLine("Every mode but storage and azurite runs three silo processes on one ZooKeeper server and Azurite it starts itself,");
                Console.Error.WriteLine("the silo published with ReadyToRun into silo/bin/publish as silo/Dockerfile does (ORLEANSHA_SILO_PROGRAM=<dll> starts another).");
                return 2;
        }
    }

    /// <summary>Every mode in turn, the ones whose work grows at 1x and 10x.</summary>
    private static async Task RunAllAsync(TextWriter output, CancellationToken cancellation)
    {
        (string Name, Func<Task> Run)[] steps =
        [
            ("storage", () => StorageBenchmark.RunAsync(output, cancellation)),
            ("azurite 30000", () => AzuriteScalingBenchmark.RunAsync(output, 30_000, cancellation)),
            ("jobs 500", () => JobThroughputBenchmark.RunAsync(output, 500, null, cancellation)),
            ("jobs 5000 8", () => JobThroughputBenchmark.RunAsync(output, 5000, [8], cancellation)),
            ("submissions 10000", () => SubmissionBenchmark.RunAsync(output, 10000, cancellation)),
            ("checkpoints 10", () => CheckpointThroughputBenchmark.RunAsync(output, 10, cancellation)),
            ("checkpoints 100", () => CheckpointThroughputBenchmark.RunAsync(output, 100, cancellation)),
            ("failover 20", () => ProcessFailoverBenchmark.RunAsync(output, 20, graceful: false, cancellation)),
            ("handover 10", () => ProcessFailoverBenchmark.RunAsync(output, 10, graceful: true, cancellation)),
            ("recovery 1000", () => RecoveryBenchmark.RunAsync(output, 1000, cancellation)),
            ("recovery 10000", () => RecoveryBenchmark.RunAsync(output, 10000, cancellation)),
            ("drain 1000", () => DrainBenchmark.RunAsync(output, 1000, cancellation)),
            ("drain 10000", () => DrainBenchmark.RunAsync(output, 10000, cancellation)),
            ("memory 100", () => MemoryBenchmark.RunAsync(output, 100, cancellation)),
            ("memory 1000", () => MemoryBenchmark.RunAsync(output, 1000, cancellation)),
        ];
        foreach (var (name, run) in steps)
        {
            output.WriteLine($"== {name} ({DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)");
            var clock = Stopwatch.StartNew();
            await run();
            output.WriteLine($"== {name}: done in {clock.Elapsed.TotalSeconds:0} s");
            output.WriteLine();
        }
    }

    private static int Count(string[] rest, int fallback) =>
        rest is [var text, ..] && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : fallback;

    private static int[]? Levels(string[] rest) =>
        rest.Length > 1 ? [.. rest.Skip(1).Select(t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture))] : null;
}
