using System.Text.Json;
using OrleansHa.EndToEnd.Tests.Fixtures;
using OrleansHa.Testing.Cli;
using OrleansHa.Testing.Silo;
using Xunit;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>
/// Three silo processes on ZooKeeper and Azurite, driven by the orleansha CLI as an operator drives them:
/// the leader's process is killed (kill -9) in the middle of a job.
/// </summary>
public sealed class LeaderProcessKillTests(EndToEndServers servers)
{
    private const long N = 60_000;

    // Each silo offers two slots: four subtasks still fit on the two silos left after the kill.
    private const int Parallelism = 4;

    [Fact]
    public async Task KillingTheLeadersProcess_TheJobFinishesExactly_ANewLeaderHasAHigherEpoch_AndTheSiloRejoins()
    {
        using var cluster = SiloProcessCluster.Start(3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString);
        var cli = new ClusterCli(cluster);
        var before = await cli.LeaderAsync();
        var jobId = $"e2e-kill-{Guid.NewGuid():N}";
        var artifact = Path.Combine(Path.GetDirectoryName(CliProcess.ProgramPath)!, "artifacts", "OrleansHa.Examples.dll");

        var submit = cli.RunAsync(
            "submit", "--job-id", jobId, "--entry-type", "OrleansHa.Examples.SumRange", "--artifact", artifact,
            "--parallelism", Parallelism.ToString(), "--param", $"n={N}", "--param", "delayMs=1", "--checkpoint-interval", "00:00:00.200", "--wait");
        await Poll.UntilAsync(
            () => cli.JsonAsync("status", jobId),
            status => status.GetProperty("status").GetString() == "Running"
                && status.GetProperty("latestCompletedCheckpointId") is { ValueKind: JsonValueKind.Number } checkpoint && checkpoint.GetInt64() >= 2,
            "the job's second completed checkpoint", TimeSpan.FromMinutes(2), () => cluster.TailOfLogs());

        var victim = cluster.IndexOf(before.Silo);
        cluster.Silos[victim].Process.Kill();
        var after = await Poll.UntilAsync(
            cli.LeaderAsync, leader => leader.Epoch > before.Epoch,
            "a leader with a higher epoch", TimeSpan.FromMinutes(2), () => cluster.TailOfLogs());

        var run = await submit;
        Assert.True(run.ExitCode == 0, $"{run}\n{cluster.TailOfLogs()}");
        Assert.Contains(run.OutputLines, line => line.StartsWith($"{jobId} Running", StringComparison.Ordinal));
        Assert.StartsWith($"{jobId} Finished", run.OutputLines[^1]);
        Assert.Contains($"sum={N * (N + 1) / 2}", run.OutputLines[^1]);
        Assert.NotEqual(victim, cluster.IndexOf(after.Silo));

        cluster.Restart(victim);
        using var client = await cluster.ConnectClientAsync(cancellationToken: TestContext.Current.CancellationToken);
        var restartedPort = cluster.Silos[victim].SiloPort;
        await Poll.UntilAsync(
            () => SiloProcessCluster.ActiveSilosAsync(client),
            active => active.Count == 3 && active.Any(s => s.Endpoint.Port == restartedPort && s.ToParsableString() != before.Silo),
            "the restarted silo active in the cluster again, as a new generation", TimeSpan.FromMinutes(2), () => cluster.TailOfLogs());
    }
}
