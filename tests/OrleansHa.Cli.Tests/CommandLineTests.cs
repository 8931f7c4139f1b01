using System.Text.Json;
using OrleansHa.Testing;
using OrleansHa.Testing.Silo;
using Xunit;

namespace OrleansHa.Cli.Tests;

/// <summary>The orleansha commands against a silo process on the embedded default, and bad input.</summary>
public sealed class CommandLineTests : IClassFixture<CommandLineTests.Silo>
{
    private readonly Silo _silo;

    public CommandLineTests(Silo silo) => _silo = silo;

    [Fact]
    public async Task SubmitWait_PrintsTheResultAsJson_AndExitsZero()
    {
        var run = await RunAsync("submit", "--entry-type", "OrleansHa.Examples.SumRange", "--param", "n=100", "--parallelism", "2", "--wait", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = JsonDocument.Parse(run.Output.Trim());
        Assert.Equal("Finished", result.RootElement.GetProperty("finalStatus").ToString());
        Assert.Equal(5050, result.RootElement.GetProperty("accumulators").GetProperty("sum").GetInt64());
    }

    [Theory]
    [InlineData("none", 4, "Failed")]
    [InlineData("fixed-delay;attempts=2;delay=00:00:00.1", 0, "Finished")]
    public async Task SubmitWait_UsesTheGivenRestartStrategy(string strategy, int exitCode, string finalStatus)
    {
        var run = await RunAsync(
            "submit", "--entry-type", "OrleansHa.Examples.FailFirstAttempts", "--param", "failAttempts=1",
            "--restart-strategy", strategy, "--wait", "--json");

        Assert.True(run.ExitCode == exitCode, run.ToString());
        using var result = JsonDocument.Parse(run.Output.Trim());
        Assert.Equal(finalStatus, result.RootElement.GetProperty("finalStatus").ToString());
    }

    [Fact]
    public async Task Leader_NamesTheSiloAndEpoch()
    {
        var run = await RunAsync("leader", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var leader = JsonDocument.Parse(run.Output.Trim());
        Assert.EndsWith($":{_silo.Process.SiloPort}", leader.RootElement.GetProperty("siloAddress").GetString()!.Split('@')[0]);
        Assert.True(leader.RootElement.GetProperty("epoch").GetInt64() >= 1);
    }

    [Fact]
    public async Task StatusOfAnUnknownJob_IsOneLineAndExitsFive()
    {
        var run = await RunAsync("status", "no-such-job");

        Assert.Equal(5, run.ExitCode);
        Assert.StartsWith("orleansha: No job 'no-such-job'", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("status")]
    [InlineData("submit", "--entry-type", "OrleansHa.Examples.SumRange", "--param", "n")]
    [InlineData("submit", "--entry-type", "X", "--artifact", "/no/such/job.dll")]
    [InlineData("submit", "--entry-type")]
    [InlineData("submit", "--entry-type", "X", "--restart-strategy", "fixed-delay;attempts=three")]
    [InlineData("submit", "--entry-type", "X", "--retained-checkpoints", "-1")]
    public async Task BadInput_IsOneLineAndExitsTwo(params string[] args)
    {
        var error = new StringWriter();

        Assert.Equal(2, await Program.RunAsync(args, new StringWriter(), error));
        Assert.StartsWith("orleansha: ", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task UnreachableCluster_IsOneLineAndExitsThree()
    {
        var error = new StringWriter();

        var exitCode = await Program.RunAsync(["leader", "--gateway", FreePorts.TakeOne().ToString(), "--timeout", "2"], new StringWriter(), error);

        Assert.Equal(3, exitCode);
        Assert.Contains("no silo answered at gateway 127.0.0.1:", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private async Task<CommandRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await Program.RunAsync([.. args, "--gateway", _silo.Process.GatewayPort.ToString(), "--timeout", "30"], output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>One silo process on the embedded default for the class.</summary>
    public sealed class Silo : IDisposable
    {
        public SiloProcess Process { get; } = SiloProcess.Start();

        public void Dispose() => Process.Dispose();
    }
}
