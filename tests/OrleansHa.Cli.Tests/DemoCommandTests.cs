using OrleansHa.Cli.Demo;
using Xunit;

namespace OrleansHa.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_SurvivesTheLeadersSilo_AndEndsWithTheExactSumAndACleanEntry()
    {
        var output = new StringWriter();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(DemoCommand.TimeLimit);

        var exitCode = await new DemoCommand(output).RunAsync(limit.Token);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.Contains("new leader: silo", text);
        Assert.Contains("epoch 2", text);
        Assert.Contains("again at attempt 2, restored from checkpoint", text);
        Assert.Contains("sum 450015000, expected 450015000: exact", text);
        Assert.Matches("JobResultStore entry: (dirty, then clean|clean)", text);
    }
}
