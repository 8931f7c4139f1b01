namespace OrleansHa.Runtime.Leader;

/// <summary>
/// Which silo holds a grain's entry in Orleans' default grain directory. The directory is a ring of the active
/// silos ordered by <see cref="SiloAddress.GetConsistentHashCode"/> (ties by address); a grain's entry lives on
/// the last silo at or below the grain's uniform hash, or, when the hash is below every silo, on the highest.
/// </summary>
/// <remarks>
/// The handover needs this because Orleans deactivates every activation whose entry lived on a silo the
/// moment that silo turns ShuttingDown: a leader handed over while its old silo held the leader's entry would
/// be deactivated again, and a third leader would follow (docs/benchmarks.md, graceful handover). Orleans does
/// not expose the owner, so this restates its rule (LocalGrainDirectory in Orleans 10.4); the end-to-end test
/// <c>GracefulLeaderHandoverTests</c> fails if a handed-over leader is followed by another one.
/// </remarks>
internal static class DirectoryRing
{
    public static SiloAddress? OwnerOf(GrainId grain, IEnumerable<SiloAddress> activeSilos)
    {
        var hash = unchecked((int)grain.GetUniformHashCode());
        SiloAddress? owner = null;
        SiloAddress? highest = null;
        foreach (var silo in activeSilos)
        {
            if (silo.GetConsistentHashCode() <= hash && (owner is null || Compare(silo, owner) > 0))
            {
                owner = silo;
            }

            if (highest is null || Compare(silo, highest) > 0)
            {
                highest = silo;
            }
        }

        return owner ?? highest;
    }

    private static int Compare(SiloAddress left, SiloAddress right)
    {
        var byHash = left.GetConsistentHashCode().CompareTo(right.GetConsistentHashCode());
        return byHash != 0 ? byHash : left.CompareTo(right);
    }
}
