using Orleans.Configuration;

namespace OrleansHa.Runtime.Hosting;

/// <summary>
/// The size of the cache of remote grain addresses each silo keeps. Orleans' default of 1,000,000 entries
/// allocates the cache's hash table at full size up front (a 9 MB array of buckets), and each address cached
/// lands in a random page of it: with 1,000 running jobs a silo caches about 1,300 addresses (job, checkpoint
/// and executor grains it calls) and so touches about 4 MB of the table that holds some 30 KB of references.
/// 100,000 addresses is ten times what a silo of a 10,000-job cluster calls, in a table of under 1 MB.
/// A host overrides it with <c>Configure&lt;GrainDirectoryOptions&gt;</c> after <c>AddOrleansHa</c>.
/// </summary>
public static class GrainDirectoryCache
{
    public const int Size = 100_000;

    /// <summary>Applies the size above to <paramref name="options"/>.</summary>
    public static void ApplyDefaults(GrainDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CacheSize = Size;
    }
}
