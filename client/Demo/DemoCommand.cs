using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using OrleansHa.Grains;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Storage;

namespace OrleansHa.Cli.Demo;

/// <summary>
/// The embedded demo: three silos in this process on the file-system stores (no external service), the
/// SumRange sample uploaded as an artifact, the leader's silo killed in the middle; it shows the new leader,
/// the job resuming from its checkpoint, the exact result and its JobResultStore entry going dirty to clean.
/// </summary>
internal sealed class DemoCommand(TextWriter output)
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(2);

    private const long N = 30_000;
    private const int Parallelism = 6;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"orleansha-demo-{DateTime.UtcNow:yyyyMMddHHmmss}");
        Say($"starting an embedded cluster of 3 silos; HA data under {directory}");
        await using var cluster = await StartClusterAsync(directory);
        var client = cluster.Client;
        var leader = client.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);
        var first = await leader.GetLeaderAsync();
        Say($"leader: silo {first.SiloAddress}, epoch {first.Epoch}");

        var spec = new JobSpec
        {
            JobId = JobId.New(),
            Name = "sum-range demo",
            EntryType = "OrleansHa.Examples.SumRange",
            Parallelism = Parallelism,
            Parameters = new Dictionary<string, string> { ["n"] = N.ToString(), ["delayMs"] = "1" },
            CheckpointInterval = TimeSpan.FromMilliseconds(200),
            RetainedCheckpoints = 2,
            RestartStrategy = RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(200)),
        };
        var artifact = Path.Combine(AppContext.BaseDirectory, "artifacts", "OrleansHa.Examples.dll");
        await leader.SubmitAsync(spec, [new JobArtifactFile("OrleansHa.Examples.dll", await File.ReadAllBytesAsync(artifact, cancellationToken))]);
        var job = client.GetGrain<IJobGrain>(spec.JobId.Value);
        Say($"submitted job {spec.JobId}: SumRange of 1..{N} over {Parallelism} subtasks, uploaded as an artifact, checkpoint every 200 ms");

        var before = await WaitAsync(job, d => d.LatestCompletedCheckpointId >= 3, cancellationToken);
        Say($"job RUNNING at attempt {before.Attempt}, subtasks on {before.Subtasks.Select(s => s.Silo).Distinct().Count()} silos, latest completed checkpoint {before.LatestCompletedCheckpointId}");

        var victim = cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == first.SiloAddress);
        await cluster.KillSiloAsync(victim);
        var killed = Stopwatch.GetTimestamp();
        Say($"killed silo {first.SiloAddress}, the leader, with subtasks of the job on it");

        var next = await RetryAsync(async () => await leader.GetLeaderAsync() is { } info && info.Epoch > first.Epoch ? info : null, cancellationToken);
        Say($"new leader: silo {next.SiloAddress}, epoch {next.Epoch}, {Stopwatch.GetElapsedTime(killed).TotalMilliseconds:0} ms after the kill");

        var resumed = await WaitAsync(job, d => (d.Attempt > before.Attempt && d.Status == JobStatus.Running) || d.Status.IsGloballyTerminal(), cancellationToken);
        Say($"job {resumed.Status} again at attempt {resumed.Attempt}, restored from checkpoint {resumed.RestoredCheckpointId?.ToString() ?? "(none)"}");

        var resultStore = cluster.GetSiloServiceProvider(SiloAddress.FromParsableString(next.SiloAddress)).GetRequiredService<IJobResultStore>();
        var watch = WatchEntryAsync(resultStore, spec.JobId, cancellationToken);
        var done = await WaitAsync(job, d => d.Status.IsGloballyTerminal(), cancellationToken);
        var result = done.Result!;
        var sum = result.Accumulators.GetValueOrDefault("sum");
        var expected = N * (N + 1) / 2;
        Say($"job {result.FinalStatus}: sum {sum}, expected {expected}: {(sum == expected ? "exact" : "WRONG")}");
        Say($"JobResultStore entry: {await watch}");
        return sum == expected ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(string directory)
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None));
            silo.AddFileSystemHaStorage(o =>
            {
                o.RootDirectory = directory;
                o.DeleteOnCommit = false;
            });
            silo.AddFileSystemLeaderInfo(o => o.RootDirectory = directory);
            // Three slots per silo: the two silos left after the kill hold the job's six subtasks.
            silo.AddOrleansHa(o => o.TaskExecutor.Slots = 3);
        });
        builder.ConfigureClient(client => client.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Watches the entry from dirty to clean, polling the store, and says what it saw.</summary>
    private static async Task<string> WatchEntryAsync(IJobResultStore store, JobId jobId, CancellationToken cancellationToken)
    {
        var sawDirty = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            sawDirty |= await store.HasDirtyEntryAsync(jobId, cancellationToken);
            if (await store.HasCleanEntryAsync(jobId, cancellationToken))
            {
                return sawDirty ? "dirty, then clean (the job's HA data was deleted in between)" : "clean (its dirty phase passed between two looks)";
            }

            await Task.Delay(1, cancellationToken);
        }

        return "not clean within the demo's time limit";
    }

    private async Task<JobDetails> WaitAsync(IJobGrain job, Func<JobDetails, bool> condition, CancellationToken cancellationToken) =>
        await RetryAsync(async () => await job.GetDetailsAsync() is { } details && condition(details) ? details : null, cancellationToken);

    /// <summary>Asks until there is an answer; calls that fail while the leader changes are simply made again.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T?>> ask, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await ask().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken) is { } answer)
                {
                    return answer;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The silo that hosted the grain was just killed; the next call reaches a live one.
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private void Say(string line) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0}s] {line}");
}
