using Orleans.Configuration;

namespace OrleansHa.Runtime.Hosting;

/// <summary>
/// The membership settings OrleansHa starts from, so that a killed silo is declared dead in under a second
/// on a LAN (Orleans' own defaults take about 30 s): a probe every 500 ms, two missed probes to suspect, and
/// two suspecting silos to declare it dead. A 30-minute soak under load on a 2-core machine declared no live
/// silo dead with these (docs/benchmarks.md). A host overrides any of them with
/// <c>Configure&lt;ClusterMembershipOptions&gt;</c> after <c>AddOrleansHa</c>, or through configuration.
/// </summary>
public static class FailureDetection
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);

    public const int NumMissedProbesLimit = 2;

    public const int NumVotesForDeathDeclaration = 2;

    /// <summary>Applies the defaults above to <paramref name="options"/>.</summary>
    public static void ApplyDefaults(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;

        // A silo that has not refreshed its own row for this long is suspect to the others even without probes.
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
    }
}
