using OrleansHa.Jobs;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class RestartStrategyTests
{
    [Fact]
    public void FixedDelay_AllowsItsAttemptsWithTheSameDelay_ThenNone()
    {
        var strategy = RestartStrategy.FixedDelay(2, TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), strategy.NextDelay(0));
        Assert.Equal(TimeSpan.FromSeconds(3), strategy.NextDelay(1));
        Assert.Null(strategy.NextDelay(2));
    }

    [Fact]
    public void ExponentialDelay_DoublesUpToTheMaximum()
    {
        var strategy = RestartStrategy.ExponentialDelay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 100);

        Assert.Equal(
            [1, 2, 4, 5, 5],
            Enumerable.Range(0, 5).Select(i => strategy.NextDelay(i)!.Value.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(5), strategy.NextDelay(99));
        Assert.Null(strategy.NextDelay(100));
    }

    [Fact]
    public void None_NeverRestarts() => Assert.Null(RestartStrategy.None.NextDelay(0));

    [Fact]
    public void Validate_NamesWhatIsWrong()
    {
        Assert.Contains("0 or more", RestartStrategy.FixedDelay(-1, TimeSpan.Zero).Validate());
        Assert.Contains("zero or a positive delay", RestartStrategy.FixedDelay(1, TimeSpan.FromSeconds(-1)).Validate());
        Assert.Contains("maximum backoff", RestartStrategy.ExponentialDelay(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 1).Validate());
        Assert.Null(RestartStrategy.ExponentialDelay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 1).Validate());
    }
}
