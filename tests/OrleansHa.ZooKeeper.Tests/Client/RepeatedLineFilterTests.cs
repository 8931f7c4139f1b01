using OrleansHa.ZooKeeper.Native;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>libzookeeper's repeated lines are logged once per window, with the count of those held back.</summary>
public sealed class RepeatedLineFilterTests
{
    private const string Delaying = "zookeeper_interest@2561: Delaying connection after exhaustively trying all servers [127.0.0.1:2181]";

    [Fact]
    public void ALineRepeatedWithinTheWindow_IsLoggedOnce_ThenWithTheCountHeldBack()
    {
        var filter = new RepeatedLineFilter(windowMilliseconds: 10_000);

        var logged = Enumerable.Range(0, 60).Count(i => filter.ShouldLog(Delaying, 1_000 + (i * 167), out _));
        var after = filter.ShouldLog(Delaying, 1_000 + 10_000, out var heldBack);

        Assert.Equal(1, logged);
        Assert.True(after);
        Assert.Equal(59, heldBack);
    }

    [Fact]
    public void DifferentLines_AreEachLogged()
    {
        var filter = new RepeatedLineFilter(windowMilliseconds: 10_000);

        Assert.True(filter.ShouldLog(Delaying, 0, out _));
        Assert.True(filter.ShouldLog("check_events@2992: initiated connection to server 127.0.0.1:2181", 1, out var heldBack));
        Assert.Equal(0, heldBack);
    }

    [Fact]
    public void BeyondItsCapacity_TheFilterForgetsOldLines_AndLogsEveryNewOne()
    {
        var filter = new RepeatedLineFilter(windowMilliseconds: 10_000, capacity: 4);

        var logged = Enumerable.Range(0, 20).Count(i => filter.ShouldLog($"line {i}", i, out _));

        Assert.Equal(20, logged);
        Assert.True(filter.ShouldLog("line 0", 21, out _));
    }
}
