using Orleans.Concurrency;

namespace OrleansHa.Runtime.Cleanup;

/// <summary>
/// The cleanup grain, one per cluster (key 0): drains the dirty JobResultStore entries, cleaning each job's
/// HA data and marking its entry clean, with the configured retry strategy. A durable reminder wakes it;
/// job grains whose own cleanup failed and a new leader that found dirty entries wake it directly.
/// </summary>
public interface ICleanupGrain : IGrainWithIntegerKey
{
    const long Key = 0;

    /// <summary>Starts a drain now, unless one runs.</summary>
    [OneWay]
    Task WakeAsync();

    /// <summary>The dirty entries this grain is retrying, with their failed attempts (for tests and operators).</summary>
    Task<IReadOnlyDictionary<string, int>> GetRetryingAsync();
}
