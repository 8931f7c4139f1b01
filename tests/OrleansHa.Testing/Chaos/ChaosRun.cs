using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Client;
using OrleansHa.Storage.Layout;
using OrleansHa.Testing.Azurite;
using OrleansHa.Testing.Silo;
using OrleansHa.Testing.ZooKeeper;

namespace OrleansHa.Testing.Chaos;

/// <summary>
/// One chaos run: three silo processes on a 3-node ZooKeeper ensemble and Azurite, a client submitting
/// SumRange jobs without pause, and the fault injector; then, once every job has ended and the dirty entries
/// have drained, the audit.
/// </summary>
public static class ChaosRun
{
    public static async Task<ChaosReport> RunAsync(ChaosSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var zooKeeper = await ZooKeeperEnsemble.StartAsync(3, cancellationToken);
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken);
        using var cluster = SiloProcessCluster.Start(
            3, zooKeeper.ConnectionString, azurite.ConnectionString,
            // Clean entries stay, so the audit can count one per job; deployments are logged for the audit.
            "--JobResultStore:DeleteOnCommit=false",
            "--Logging:LogLevel:OrleansHa.Runtime.Execution=Debug");
        using var host = await cluster.ConnectClientAsync(o => o.RetryTimeout = TimeSpan.FromSeconds(60), cancellationToken);
        var jobs = host.Services.GetRequiredService<JobClient>();

        var workload = new ChaosWorkload(settings, jobs);
        var injector = new FaultInjector(settings, cluster, zooKeeper, azurite, () => LeaderSiloAsync(jobs, cluster));
        using var stop = new CancellationTokenSource(settings.Duration);
        var submitting = workload.SubmitAsync(stop.Token);
        await injector.RunAsync(stop.Token);
        await submitting;

        var drained = await WaitForNoDirtyEntriesAsync(cluster, settings.SettleTimeout, cancellationToken);
        var logs = SiloLogEvents.Read(cluster.LogPaths);
        var violations = new List<string>(await ChaosAudit.CheckAsync(workload, cluster, logs, cancellationToken));
        if (!drained)
        {
            violations.Insert(0, $"dirty JobResultStore entries did not drain within {settings.SettleTimeout}");
        }

        return new ChaosReport(
            settings,
            clock.Elapsed,
            workload.Submitted.Count,
            workload.Submitted.Values.Count(j => j.AcceptedAt is not null),
            workload.Submitted.Values.Sum(j => j.UnansweredSubmissions),
            workload.Results.Count,
            workload.Submitted.Values.Count(j => j.Spec.CheckpointInterval > TimeSpan.Zero),
            injector.Faults,
            violations,
            logs);
    }

    private static async Task<int?> LeaderSiloAsync(JobClient jobs, SiloProcessCluster cluster)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            return cluster.IndexOf((await jobs.GetLeaderAsync(limit.Token)).SiloAddress);
        }
        catch (Exception)
        {
            // No leader right now (a fault is healing): the injector picks a silo at random.
            return null;
        }
    }

    private static async Task<bool> WaitForNoDirtyEntriesAsync(SiloProcessCluster cluster, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var entries = await cluster.ListBlobNamesAsync(cluster.Layout.JobResultStorePrefix, cancellationToken);
            if (!entries.Any(e => e.EndsWith(HaStorageLayout.DirtySuffix, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(500, cancellationToken);
        }

        return false;
    }
}
