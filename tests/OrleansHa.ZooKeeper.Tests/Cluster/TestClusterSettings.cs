using Orleans.Configuration;

namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>What the silo processes and the client of the cluster tests agree on.</summary>
internal static class TestClusterSettings
{
    public const string ServiceId = "orleansha-cluster-tests";

    /// <summary>
    /// Failure detection tuned to declare a killed silo dead in about two seconds on one machine: a probe every
    /// 500 ms, suspicion after 3 missed probes, and heartbeats every second so that the table shows who is alive.
    /// </summary>
    public static void ConfigureFastFailureDetection(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromMilliseconds(500);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 2;
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedTableIAmAliveLimit = 3;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        options.MaxJoinAttemptTime = TimeSpan.FromSeconds(60);
    }
}
