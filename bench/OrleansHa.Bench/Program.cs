using System.Globalization;
using OrleansHa.Bench.Jobs;
using OrleansHa.Bench.Leadership;
using OrleansHa.Bench.Processes;
using OrleansHa.Bench.Storage;

namespace OrleansHa.Bench;

/// <summary><c>dotnet run -c Release --project bench/OrleansHa.Bench -- storage</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["storage", ..]:
                await StorageBenchmark.RunAsync(Console.Out, CancellationToken.None);
                return 0;
            case ["jobs", .. var rest]:
                await JobThroughputBenchmark.RunAsync(Console.Out, Count(rest, 500), CancellationToken.None);
                return 0;
            case ["checkpoints", .. var rest]:
                await CheckpointThroughputBenchmark.RunAsync(Console.Out, Count(rest, 100), CancellationToken.None);
                return 0;
            case ["failover", .. var rest]:
                await FailoverBenchmark.RunAsync(Console.Out, Count(rest, 10), CancellationToken.None);
                return 0;
            case ["recovery", .. var rest]:
                await RecoveryBenchmark.RunAsync(Console.Out, Count(rest, 1000), CancellationToken.None);
                return 0;
            case ["process-failover", .. var rest]:
                await ProcessFailoverBenchmark.RunAsync(Console.Out, Count(rest, 20), graceful: false, CancellationToken.None);
                return 0;
            case ["process-handover", .. var rest]:
                await ProcessFailoverBenchmark.RunAsync(Console.Out, Count(rest, 10), graceful: true, CancellationToken.None);
                return 0;
            case ["memory", .. var rest]:
                await MemoryBenchmark.RunAsync(Console.Out, Count(rest, 1000), CancellationToken.None);
                return 0;
            case ["drain", .. var rest]:
                await DrainBenchmark.RunAsync(Console.Out, Count(rest, 1000), CancellationToken.None);
                return 0;
            default:
                Console.Error.WriteLine("usage: OrleansHa.Bench storage | jobs [per level] | checkpoints [jobs] | failover [trials] | process-failover [trials] | process-handover [trials] | memory [jobs] | recovery [jobs] | drain [entries]");
                Console.Error.WriteLine("  storage   conditional writes/s and reads/s of the Azure Blob grain storage beside the raw Azure SDK, on Azurite");
                Console.Error.WriteLine("  jobs      trivial jobs at 1, 8 and 64 submitters: submissions/s, latency, jobs/s to cleaned, storage operations per job");
                Console.Error.WriteLine("  checkpoints  N running jobs checkpointing every 100 ms: completed checkpoints/s and their latency (default 100)");
                Console.Error.WriteLine("  failover  kill the leader's silo: time until a new leader accepts a submission (default 10 trials)");
                Console.Error.WriteLine("  recovery  N running jobs, kill the leader's silo: time until all are RUNNING again (default 1000)");
                Console.Error.WriteLine("  process-failover  three silo processes: kill -9 the leader's silo: declared dead, new leader accepting, jobs RUNNING again (default 20 trials)");
                Console.Error.WriteLine("  process-handover  the same with SIGTERM: a clean shutdown hands leadership over (default 10 trials)");
                Console.Error.WriteLine("  memory    three silo processes: resident memory idle and with N running jobs (default 1000)");
                Console.Error.WriteLine("  drain     N dirty JobResultStore entries: time until the cleanup grain has cleaned them all (default 1000)");
                return 2;
        }
    }

    private static int Count(string[] rest, int fallback) =>
        rest is [var text, ..] && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : fallback;
}
