using System.Diagnostics;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Examples;
using OrleansHa.Grains;
using OrleansHa.Jobs;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// Three silo processes (the silo host as deployed) on ZooKeeper and Azurite, with running jobs spread over
/// them. Each trial takes the leader's silo away, by kill -9 or by SIGTERM, and measures from that moment
/// until (a) the silo is declared dead, (b) a new leader accepts a submission and (c) every job is RUNNING
/// again on the silos left; the silo is started again before the next trial.
/// </summary>
internal static class ProcessFailoverBenchmark
{
    // Four jobs of two subtasks on silos of four slots: spread over the three silos, and still all placed
    // on the two silos left after one dies.
    private const int RunningJobs = 4;

    // The submission probe's calls time out as the harness's polling does, so a call counted slow is one
    // that held up the measurement.
    private static readonly TimeSpan CallTimeout = Retry.CallTimeout;

    public static async Task RunAsync(TextWriter output, int trials, bool graceful, CancellationToken cancellationToken)
    {
        await using var bench = await BenchSiloCluster.StartAsync(output, slotsPerSilo: 4, cancellationToken);
        var cluster = bench.Silos;
        var client = bench.Client;
        var leader = bench.Leader;

        var jobs = new List<JobId>();
        for (var i = 0; i < RunningJobs; i++)
        {
            jobs.Add(await leader.SubmitAsync(RunningJob(), []));
        }

        var how = graceful ? "SIGTERM to" : "kill -9 of";
        var declaredDead = new Samples($"{how} the leader's silo -> declared dead (not active in the membership)", "ms");
        var accepting = new Samples($"{how} the leader's silo -> a new leader accepts a submission", "ms");
        var running = new Samples($"{how} the leader's silo -> all {RunningJobs} running jobs RUNNING again", "ms");
        var unanswered = 0;
        for (var trial = 1; trial <= trials; trial++)
        {
            await Retry.UntilAsync(async () => await AllRunningAsync(client, jobs, victimAddress: null), cancellationToken);
            var before = await leader.GetLeaderAsync();
            var victim = cluster.IndexOf(before.SiloAddress);
            var attempts = await AttemptsAsync(client, jobs);
            var started = Stopwatch.GetTimestamp();
            if (graceful)
            {
                cluster.Silos[victim].Process.Terminate();
            }
            else
            {
                cluster.Silos[victim].Process.Kill();
            }

            var dead = WhenAsync(started, () => IsGoneAsync(client, before.SiloAddress), cancellationToken);
            var accepted = WhenAsync(started, async () =>
            {
                try
                {
                    return await leader.SubmitAsync(BenchJobs.Trivial(), []).WaitAsync(CallTimeout) is { }
                        && (await leader.GetLeaderAsync()).Epoch > before.Epoch;
                }
                catch (Exception)
                {
                    unanswered++;
                    throw;
                }
            }, cancellationToken);
            var resumed = WhenAsync(started, () => AllRunningAsync(client, jobs, before.SiloAddress), cancellationToken);
            declaredDead.Add(await dead);
            accepting.Add(await accepted);
            running.Add(await resumed);
            var restarted = (await AttemptsAsync(client, jobs)).Zip(attempts).Count(a => a.First > a.Second);
            output.WriteLine($"trial {trial}: declared dead {declaredDead.Last:0} ms, new leader accepting {accepting.Last:0} ms, jobs running {running.Last:0} ms ({restarted} of {RunningJobs} restarted from a checkpoint)");

            if (graceful && !await cluster.Silos[victim].Process.WaitForExitAsync(TimeSpan.FromMinutes(2)))
            {
                output.WriteLine($"trial {trial}: silo {victim} was still stopping 2 min after SIGTERM; killed before its restart. Its log: {cluster.Silos[victim].Process.LogPath}");
            }

            cluster.Restart(victim);
            await bench.WaitForExecutorsAsync(cancellationToken);
        }

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine(declaredDead);
        output.WriteLine(accepting);
        output.WriteLine(running);
        output.WriteLine($"submission calls that failed or took over {CallTimeout.TotalMilliseconds:0} ms before a new leader accepted one: {unanswered} in {trials} trials");
    }

    /// <summary>Checks every few milliseconds until the probe holds; returns the milliseconds since <paramref name="started"/>.</summary>
    private static async Task<double> WhenAsync(long started, Func<Task<bool>> probe, CancellationToken cancellationToken)
    {
        await Retry.UntilAsync(probe, cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<bool> IsGoneAsync(IClusterClient client, string siloAddress)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(CallTimeout);
        return hosts.Keys.All(s => s.ToParsableString() != siloAddress);
    }

    private static async Task<bool> AllRunningAsync(IClusterClient client, IEnumerable<JobId> jobs, string? victimAddress)
    {
        var details = await Task.WhenAll(jobs.Select(j => client.GetGrain<IJobGrain>(j.Value).GetDetailsAsync().WaitAsync(CallTimeout)));
        return details.All(d => d.Status == JobStatus.Running && d.Subtasks.All(s => !s.Finished && s.Silo != victimAddress));
    }

    /// <summary>Each job's attempt number, asked again while a silo that is leaving still rejects calls.</summary>
    private static async Task<int[]> AttemptsAsync(IClusterClient client, IEnumerable<JobId> jobs)
    {
        int[] attempts = [];
        await Retry.UntilAsync(async () =>
        {
            attempts = (await Task.WhenAll(jobs.Select(j => client.GetGrain<IJobGrain>(j.Value).GetDetailsAsync()))).Select(d => d.Attempt).ToArray();
            return true;
        }, CancellationToken.None);
        return attempts;
    }

    private static JobSpec RunningJob() => new()
    {
        JobId = JobId.New(),
        EntryType = typeof(NeverEnding).FullName!,
        Parallelism = 2,
        Parameters = new Dictionary<string, string> { ["tickMs"] = "10" },
        CheckpointInterval = TimeSpan.FromMilliseconds(500),
        RestartStrategy = RestartStrategy.FixedDelay(1000, TimeSpan.Zero),
    };
}
