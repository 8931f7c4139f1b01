using OrleansHa.Testing.Silo;
using OrleansHa.Testing.ZooKeeper;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>A silo process asked to stop ends in bounded time, whatever its dependencies do.</summary>
public sealed class SiloShutdownTests
{
    [Fact]
    public async Task StopWithZooKeeperGone_EndsAfterTheShutdownTimeout_AndSaysWhy()
    {
        await using var zooKeeper = await ZooKeeperEnsemble.StartAsync(1, TestContext.Current.CancellationToken);
        using var silo = SiloProcess.Start(
            $"--ClusterId=stop-{Guid.NewGuid():N}"[..24],
            "--Clustering:Provider=ZooKeeper",
            $"--ZooKeeper:ConnectionString={zooKeeper.ConnectionString}",
            "--Silo:ShutdownTimeout=00:00:02");
        await ProcessWaits.UntilAsync(() => silo.Process.TailOfLog(500).Contains("leads the cluster"), "the silo to lead its cluster", silo.Process);

        zooKeeper.Nodes[0].Kill();
        silo.Process.Terminate();

        // Without the deadline, Orleans retries its membership updates for about two minutes.
        Assert.True(await silo.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"The silo still runs a minute after SIGTERM.\n{silo.Process.TailOfLog()}");
        Assert.Contains("the stop did not end within Silo:ShutdownTimeout (00:00:02)", silo.Process.TailOfLog(500));
        Assert.Equal(ShutdownDeadline.ExitCode, silo.Process.ExitCode);
    }
}
