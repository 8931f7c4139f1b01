using OrleansHa.Testing.Silo;
using OrleansHa.Testing.ZooKeeper;
using Xunit;

namespace OrleansHa.Cli.Tests;

/// <summary>The CLI finds a cluster whose silos keep their znodes under a root path of their own.</summary>
public sealed class ZooKeeperRootTests
{
    [Fact]
    public async Task Leader_FindsTheClusterUnderTheGivenRoot_AndNotUnderTheDefault()
    {
        await using var zooKeeper = await ZooKeeperEnsemble.StartAsync(1, TestContext.Current.CancellationToken);
        var clusterId = $"root-{Guid.NewGuid():N}"[..16];
        using var silo = SiloProcess.Start(
            $"--ClusterId={clusterId}",
            "--Clustering:Provider=ZooKeeper",
            $"--ZooKeeper:ConnectionString={zooKeeper.ConnectionString}",
            "--ZooKeeper:RootPath=/teams/payments");
        string[] cluster = ["--zookeeper", zooKeeper.ConnectionString, "--cluster-id", clusterId, "--json"];

        var underRoot = await RunAsync(["leader", .. cluster, "--zookeeper-root", "/teams/payments", "--timeout", "60"]);
        var underDefault = await RunAsync(["leader", .. cluster, "--timeout", "2"]);

        Assert.True(underRoot.ExitCode == 0, $"{underRoot.Error}\n{silo.Process.TailOfLog()}");
        Assert.Contains($":{silo.SiloPort}@", underRoot.Output);
        Assert.Equal(3, underDefault.ExitCode);
        Assert.Contains("root /orleansha", underDefault.Error);
    }

    [Fact]
    public async Task ARelativeRoot_IsBadInput_InOneLine()
    {
        var run = await RunAsync(["leader", "--zookeeper", "127.0.0.1:1", "--zookeeper-root", "teams/payments", "--timeout", "2"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--zookeeper-root its RootPath", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
