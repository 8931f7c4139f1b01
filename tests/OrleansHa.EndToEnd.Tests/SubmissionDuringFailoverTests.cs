using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Client;
using OrleansHa.EndToEnd.Tests.Fixtures;
using OrleansHa.Jobs;
using OrleansHa.Testing.Silo;
using Xunit;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// The client SDK submitting without pause while the leader's silo process goes away: every submission
/// succeeds, exactly once, whether the process is killed or shut down cleanly.
/// </summary>
public sealed class SubmissionDuringFailoverTests(EndToEndServers servers)
{
    private const int Submitters = 2;
    private const int SubmissionsAfterTheNewLeader = 6;

    [Fact]
    public async Task KillingTheLeadersProcess_EverySubmissionInTheLoopSucceedsExactlyOnce()
    {
        using var cluster = SiloProcessCluster.Start(3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString);
        using var host = await cluster.ConnectClientAsync(o => o.RetryTimeout = TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        await SubmitThroughLeaderChangeAsync(cluster, host, victim => cluster.Silos[victim].Process.Kill());
    }

    /// <summary>
    /// Failure detection is set so slow here (a silo is declared dead only after minutes) that a submission
    /// could only succeed within the client's 20 s retry window if the leaving silo hands leadership over
    /// itself, rather than leaving it to be taken when the silo is found dead.
    /// </summary>
    [Fact]
    public async Task ShuttingTheLeadersSiloDownCleanly_HandsLeadershipOver_WithoutFailingASubmission()
    {
        using var cluster = SiloProcessCluster.Start(
            3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString,
            "--Membership:ProbeTimeout=00:01:00", "--Membership:NumMissedProbesLimit=3");
        using var host = await cluster.ConnectClientAsync(o => o.RetryTimeout = TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        var leaving = -1;
        await SubmitThroughLeaderChangeAsync(cluster, host, victim =>
        {
            leaving = victim;
            cluster.Silos[victim].Process.Terminate();
        });

        Assert.True(await cluster.Silos[leaving].Process.WaitForExitAsync(TimeSpan.FromMinutes(1)), cluster.TailOfLogs());
        Assert.Equal(0, cluster.Silos[leaving].Process.ExitCode);
    }

    private static async Task SubmitThroughLeaderChangeAsync(SiloProcessCluster cluster, IHost host, Action<int> removeLeader)
    {
        var jobs = host.Services.GetRequiredService<JobClient>();
        var before = await jobs.GetLeaderAsync(TestContext.Current.CancellationToken);
        var accepted = new ConcurrentBag<JobId>();
        var failures = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var submitters = Enumerable.Range(0, Submitters).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var spec = SumRange(JobId.New());
                try
                {
                    accepted.Add(await jobs.SubmitAsync(spec, cancellationToken: TestContext.Current.CancellationToken));
                }
                catch (Exception exception)
                {
                    failures.Add($"{spec.JobId}: {exception.GetType().Name}: {exception.Message}");
                }
            }
        })).ToArray();

        await Poll.UntilAsync(() => Task.FromResult(accepted.Count), count => count >= 6, "six submissions before the leader goes", TimeSpan.FromMinutes(1), () => cluster.TailOfLogs());
        removeLeader(cluster.IndexOf(before.SiloAddress));
        await Poll.UntilAsync(
            () => jobs.GetLeaderAsync(TestContext.Current.CancellationToken), leader => leader.Epoch > before.Epoch,
            "a new leader", TimeSpan.FromMinutes(2), () => cluster.TailOfLogs());
        var acceptedBeforeTheNewLeader = accepted.Count;
        await Poll.UntilAsync(
            () => Task.FromResult(accepted.Count), count => count >= acceptedBeforeTheNewLeader + SubmissionsAfterTheNewLeader || !failures.IsEmpty,
            "submissions accepted under the new leader", TimeSpan.FromMinutes(2), () => cluster.TailOfLogs());
        await stop.CancelAsync();
        await Task.WhenAll(submitters);

        Assert.True(failures.IsEmpty, string.Join("\n", failures) + "\n" + cluster.TailOfLogs());
        foreach (var jobId in accepted)
        {
            var result = await jobs.WaitForResultAsync(jobId, TestContext.Current.CancellationToken);
            Assert.True(result.FinalStatus == JobStatus.Finished && result.Accumulators["sum"] == 5050, $"{jobId}: {result}");
        }

        // Exactly once: one history record per accepted submission, and none for anything else.
        Assert.Equal(accepted.Select(j => j.Value).Order(), await HistoryRecordsAsync(cluster));
    }

    private static async Task<IReadOnlyList<string>> HistoryRecordsAsync(SiloProcessCluster cluster)
    {
        var blobs = await cluster.ListBlobNamesAsync(cluster.Layout.HistoryPrefix, TestContext.Current.CancellationToken);
        return [.. blobs.Select(b => Path.GetFileNameWithoutExtension(b)).Order()];
    }

    private static JobSpec SumRange(JobId jobId) => new()
    {
        JobId = jobId,
        EntryType = "OrleansHa.Examples.SumRange",
        Parallelism = 2,
        Parameters = new Dictionary<string, string> { ["n"] = "100" },
    };
}
