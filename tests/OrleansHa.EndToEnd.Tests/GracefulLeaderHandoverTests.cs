using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Client;
using OrleansHa.EndToEnd.Tests.Fixtures;
using OrleansHa.Jobs;
using OrleansHa.Testing.Silo;
using Xunit;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Three silo processes on ZooKeeper and Azurite; the leader's silo is shut down cleanly (SIGTERM) while a
/// client submits without pause. The leaving silo hands the leadership to another silo itself, while it still
/// runs, unless it holds the leader's grain directory entry (then the leader moves when its grains deactivate).
/// </summary>
public sealed class GracefulLeaderHandoverTests(EndToEndServers servers)
{
    // The leaving silo holds the leader's directory entry about one time in three: six clean stops all but
    // rule out that none of them hands over.
    private const int MaxStops = 6;

    [Fact]
    public async Task ShuttingTheLeadersSiloDown_ItHandsOverToAnotherSilo_WithTheNextEpochAndNoLeaderAfterIt_AndNoSubmissionFails()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var cluster = SiloProcessCluster.Start(3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString);
        using var host = await cluster.ConnectClientAsync(o => o.RetryTimeout = TimeSpan.FromSeconds(60), cancellationToken);
        var jobs = host.Services.GetRequiredService<JobClient>();
        var failures = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var submitter = Task.Run(() => SubmitUntilStoppedAsync(jobs, failures, stop.Token), CancellationToken.None);

        var handedOver = 0;
        for (var round = 0; round < MaxStops && handedOver == 0; round++)
        {
            var before = await jobs.GetLeaderAsync(cancellationToken);
            var leaving = cluster.IndexOf(before.SiloAddress);
            cluster.Silos[leaving].Process.Terminate();
            Assert.True(await cluster.Silos[leaving].Process.WaitForExitAsync(TimeSpan.FromMinutes(1)), cluster.TailOfLogs());

            var log = await File.ReadAllTextAsync(cluster.Silos[leaving].Process.LogPath, cancellationToken);
            var handedOverNow = log.Contains($"[3032] The leader of epoch {before.Epoch} handed over", StringComparison.Ordinal);
            var stayed = log.Contains($"[3035] The leader of epoch {before.Epoch} stays", StringComparison.Ordinal);
            Assert.True(handedOverNow || stayed, $"The leaving silo neither handed the leader of epoch {before.Epoch} over nor said why not.\n{cluster.TailOfLogs(40)}");

            cluster.Restart(leaving);
            await Poll.UntilAsync(
                () => SiloProcessCluster.ActiveSilosAsync(host), active => active.Count == 3,
                "the stopped silo active again", TimeSpan.FromMinutes(2), () => cluster.TailOfLogs());
            var after = await Poll.UntilAsync(
                () => jobs.GetLeaderAsync(cancellationToken), leader => leader.Epoch > before.Epoch,
                "a leader with a higher epoch", TimeSpan.FromMinutes(1), () => cluster.TailOfLogs());
            if (handedOverNow)
            {
                handedOver++;

                // Won by another silo, and the only leadership change: no second leader followed when the old
                // silo turned ShuttingDown and its grains deactivated.
                Assert.Equal(before.Epoch + 1, after.Epoch);
                Assert.NotEqual(before.SiloAddress, after.SiloAddress);
            }
        }

        await stop.CancelAsync();
        await submitter;
        Assert.True(handedOver > 0, $"None of {MaxStops} clean stops handed the leader over.\n{cluster.TailOfLogs(40)}");
        Assert.True(failures.IsEmpty, string.Join("\n", failures) + "\n" + cluster.TailOfLogs());
    }

    private static async Task SubmitUntilStoppedAsync(JobClient jobs, ConcurrentBag<string> failures, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var spec = new JobSpec
            {
                JobId = JobId.New(),
                EntryType = "OrleansHa.Examples.SumRange",
                Parallelism = 1,
                Parameters = new Dictionary<string, string> { ["n"] = "10" },
            };
            try
            {
                await jobs.SubmitAsync(spec, cancellationToken: TestContext.Current.CancellationToken);
            }
            catch (Exception exception)
            {
                failures.Add($"{spec.JobId}: {exception.GetType().Name}: {exception.Message}");
            }
        }
    }
}
