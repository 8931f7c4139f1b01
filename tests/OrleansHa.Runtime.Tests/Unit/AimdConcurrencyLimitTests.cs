using OrleansHa.Runtime.Concurrency;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class AimdConcurrencyLimitTests
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Acquire_BeyondTheLimit_WaitsUntilAPermitIsReleased()
    {
        var limit = new AimdConcurrencyLimit(maxLimit: 8, Target);
        var first = await limit.AcquireAsync();

        var second = limit.AcquireAsync();

        Assert.False(second.IsCompleted);
        limit.Release(first, Fast, succeeded: true);
        await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1, limit.InFlight);
    }

    [Fact]
    public async Task IsSaturated_WhileEveryPermitIsOut_AndNoLongerOnceOneIsReleased()
    {
        var limit = new AimdConcurrencyLimit(maxLimit: 8, Target);
        Assert.False(limit.IsSaturated);

        var permit = await limit.AcquireAsync();
        Assert.True(limit.IsSaturated);

        limit.Release(permit, Fast, succeeded: true);
        Assert.False(limit.IsSaturated);
    }

    [Fact]
    public async Task FastCompletions_DoubleTheLimitPerWindow_UpToTheMaximum()
    {
        var limit = new AimdConcurrencyLimit(maxLimit: 8, Target);

        Assert.Equal(2, await RunWindowAsync(limit, Fast, succeeded: true));
        Assert.Equal(4, await RunWindowAsync(limit, Fast, succeeded: true));
        Assert.Equal(8, await RunWindowAsync(limit, Fast, succeeded: true));
        Assert.Equal(8, await RunWindowAsync(limit, Fast, succeeded: true));
    }

    [Fact]
    public async Task SlowCompletions_OfOneWindow_HalveTheLimitOnce()
    {
        var limit = await GrownTo(8);

        Assert.Equal(4, await RunWindowAsync(limit, Slow, succeeded: true));
        Assert.Equal(2, await RunWindowAsync(limit, Slow, succeeded: true));
        Assert.Equal(1, await RunWindowAsync(limit, Slow, succeeded: true));
        Assert.Equal(1, await RunWindowAsync(limit, Slow, succeeded: true));
    }

    [Fact]
    public async Task AFailure_HalvesTheLimit_AndItThenGrowsByOnePerWindow()
    {
        var limit = await GrownTo(8);
        await ReleaseWindowAsync(limit, first: (Fast, Succeeded: false), rest: Fast);

        // Halved to 4; the other seven were granted at 8 and say nothing of the store at 4. Then past the
        // slow-start threshold: one more per window.
        Assert.Equal(4, limit.Limit);
        Assert.Equal(5, await RunWindowAsync(limit, Fast, succeeded: true));
        Assert.Equal(6, await RunWindowAsync(limit, Fast, succeeded: true));
    }

    [Fact]
    public async Task OneSlowCompletion_InAWindowOfFastOnes_KeepsTheLimit()
    {
        var limit = await GrownTo(8);

        await ReleaseWindowAsync(limit, first: (Slow, Succeeded: true), rest: Fast);

        // The window's mean, (2 s + 7 x 10 ms) / 8, is within the 1 s target: a tail, not congestion.
        Assert.Equal(8, limit.Limit);
    }

    [Fact]
    public async Task SlowCompletions_GrantedBeforeADecrease_DoNotDecreaseItAgain()
    {
        var limit = await GrownTo(8);

        await ReleaseWindowAsync(limit, first: (Fast, Succeeded: false), rest: Slow);

        Assert.Equal(4, limit.Limit);
    }

    [Fact]
    public async Task RunAsync_WorkThatThrows_ReleasesItsPermitAsAFailure()
    {
        var limit = await GrownTo(8);

        await Assert.ThrowsAsync<InvalidOperationException>(() => limit.RunAsync(() => throw new InvalidOperationException("store down")));

        Assert.Equal(0, limit.InFlight);
        Assert.Equal(4, limit.Limit);
    }

    [Fact]
    public async Task RunAsync_WorkThatSucceedsFast_ReleasesItsPermitAsASuccess()
    {
        var limit = new AimdConcurrencyLimit(maxLimit: 8, Target);

        await limit.RunAsync(() => Task.FromResult(true));

        Assert.Equal(0, limit.InFlight);
        Assert.Equal(2, limit.Limit);
    }

    private static async Task<AimdConcurrencyLimit> GrownTo(int max)
    {
        var limit = new AimdConcurrencyLimit(max, Target);
        while (limit.Limit < max)
        {
            await RunWindowAsync(limit, Fast, succeeded: true);
        }

        return limit;
    }

    /// <summary>Takes every permit the limit grants now, releases the first with its own outcome and the rest as successes of one latency.</summary>
    private static async Task ReleaseWindowAsync(AimdConcurrencyLimit limit, (TimeSpan Latency, bool Succeeded) first, TimeSpan rest)
    {
        var permits = await AcquireAsync(limit, limit.Limit);
        limit.Release(permits[0], first.Latency, first.Succeeded);
        foreach (var permit in permits.Skip(1))
        {
            limit.Release(permit, rest, succeeded: true);
        }
    }

    /// <summary>Takes every permit the limit grants now, then releases them all with the same outcome.</summary>
    private static async Task<int> RunWindowAsync(AimdConcurrencyLimit limit, TimeSpan latency, bool succeeded)
    {
        foreach (var permit in await AcquireAsync(limit, limit.Limit))
        {
            limit.Release(permit, latency, succeeded);
        }

        return limit.Limit;
    }

    private static async Task<AimdConcurrencyLimit.Permit[]> AcquireAsync(AimdConcurrencyLimit limit, int count)
    {
        var permits = new AimdConcurrencyLimit.Permit[count];
        for (var i = 0; i < count; i++)
        {
            var acquiring = limit.AcquireAsync();
            Assert.True(acquiring.IsCompleted, $"permit {i + 1} of {count} should be granted at once");
            permits[i] = await acquiring;
        }

        return permits;
    }
}
