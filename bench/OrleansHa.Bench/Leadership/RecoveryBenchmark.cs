using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Examples;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Testing.Cluster;

namespace OrleansHa.Bench.Leadership;

/// <summary>
/// Runs N jobs on three in-process silos, kills the leader's silo, and measures the time until a new leader
/// leads and until every job is RUNNING again (reconciled where its subtasks survived, restarted otherwise).
/// </summary>
internal static class RecoveryBenchmark
{
    private const int PollConcurrency = 64;

    public static async Task RunAsync(TextWriter output, int jobs, CancellationToken cancellationToken)
    {
        await using var servers = await BenchServers.StartAsync(output, cancellationToken);

        // Two silos must hold every job after the third is killed.
        await using var cluster = await InProcessHaCluster.StartAsync(
            3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString, o => o.TaskExecutor.Slots = jobs);
        var ids = new List<JobId>();
        var submitting = Stopwatch.GetTimestamp();
        foreach (var chunk in Enumerable.Range(0, jobs).Chunk(PollConcurrency))
        {
            ids.AddRange(await Task.WhenAll(chunk.Select(_ => cluster.Leader.SubmitAsync(SlowJob(), []))));
        }

        output.WriteLine($"{jobs} jobs submitted in {Stopwatch.GetElapsedTime(submitting).TotalSeconds:0.0} s; waiting for all to run ...");
        await WaitAllRunningAsync(cluster, ids, cancellationToken);

        var before = await cluster.Leader.GetLeaderAsync();
        var victim = cluster.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.SiloAddress);
        var killed = Stopwatch.GetTimestamp();
        await cluster.Cluster.KillSiloAsync(victim, cancellationToken);
        await FailoverBenchmark.RetryUntilAsync(async () => (await cluster.Leader.GetLeaderAsync()).Epoch > before.Epoch, cancellationToken);
        var newLeader = Stopwatch.GetElapsedTime(killed);
        await WaitAllRunningAsync(cluster, ids, cancellationToken);
        var allRunning = Stopwatch.GetElapsedTime(killed);

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"{jobs} running jobs, leader's silo killed: new leader after {newLeader.TotalMilliseconds:0} ms, " +
                         $"every job RUNNING again after {allRunning.TotalMilliseconds:0} ms");

        foreach (var chunk in ids.Chunk(PollConcurrency))
        {
            await Task.WhenAll(chunk.Select(id => cluster.Client.GetGrain<IJobGrain>(id.Value).CancelAsync()));
        }
    }

    private static JobSpec SlowJob() => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(NeverEnding).FullName!,
        Parallelism = 1,
        Parameters = new Dictionary<string, string> { ["tickMs"] = "1000" },
    };

    private static async Task WaitAllRunningAsync(InProcessHaCluster cluster, IReadOnlyList<JobId> ids, CancellationToken cancellationToken)
    {
        var waiting = ids.ToList();
        while (waiting.Count > 0)
        {
            var stillWaiting = new List<JobId>();
            foreach (var chunk in waiting.Chunk(PollConcurrency))
            {
                var statuses = await Task.WhenAll(chunk.Select(async id =>
                {
                    try
                    {
                        return (id, (await cluster.Client.GetGrain<IJobGrain>(id.Value).GetDetailsAsync()
                            .WaitAsync(TimeSpan.FromSeconds(5), cancellationToken)).Status);
                    }
                    catch (TimeoutException)
                    {
                        return (id, JobStatus.Suspended);
                    }
                }));
                stillWaiting.AddRange(statuses.Where(s => s.Item2 != JobStatus.Running).Select(s => s.id));
            }

            waiting = stillWaiting;
            if (waiting.Count > 0)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
