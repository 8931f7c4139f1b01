namespace OrleansHa.Runtime.Execution;

/// <summary>The silos of a membership snapshot as the runtime names them: the keys of their task executors.</summary>
internal static class ClusterMembershipSnapshotExtensions
{
    /// <summary>The parsable addresses of the active silos, which are also their task executors' keys.</summary>
    public static IReadOnlyList<string> ActiveSiloKeys(this ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToParsableString())];

    /// <summary>The membership status of the silo a task executor key names.</summary>
    public static SiloStatus StatusOf(this ClusterMembershipSnapshot snapshot, string siloKey) =>
        snapshot.GetSiloStatus(SiloAddress.FromParsableString(siloKey));

    /// <summary>
    /// Whether the membership declared the silo dead: its executor is gone, and so is everything it ran. A call
    /// to it would only fail, after Orleans' placement has retried for a while, since its executor grain is
    /// pinned to it.
    /// </summary>
    public static bool IsDead(this ClusterMembershipSnapshot snapshot, string siloKey) =>
        snapshot.StatusOf(siloKey) == SiloStatus.Dead;
}
