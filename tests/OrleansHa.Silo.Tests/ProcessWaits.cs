using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>Waits on a silo process, failing with the tail of its log.</summary>
internal static class ProcessWaits
{
    public static async Task UntilAsync(Func<bool> condition, string what, ServerProcess silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.\n{silo.TailOfLog()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
