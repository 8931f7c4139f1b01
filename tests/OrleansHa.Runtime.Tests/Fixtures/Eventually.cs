using Xunit;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>Polls a condition until it holds, failing with what was awaited after a bounded patience.</summary>
public static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, string what, Func<string>? lastSeen = null, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? RuntimeCluster.Patience);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}. {lastSeen?.Invoke()}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
