using Xunit;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// Tests that wait for the garbage collector to free something run alone, after every parallel test has
/// ended: full collections forced while clusters run beside them are slow, and a test that counts what is
/// still alive must see only its own objects.
/// </summary>
[CollectionDefinition(nameof(GarbageCollection), DisableParallelization = true)]
public sealed class GarbageCollection
{
    /// <summary>
    /// Forces full collections (and the finalizers they queue) until <paramref name="reference"/> is dead or
    /// <paramref name="patience"/> has passed. An unloaded load context needs a few: its loader allocator is
    /// finalized first, and the context is released only after that.
    /// </summary>
    /// <returns>Whether the object was collected.</returns>
    public static async Task<bool> CollectAsync(WeakReference reference, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (reference.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return !reference.IsAlive;
    }
}
