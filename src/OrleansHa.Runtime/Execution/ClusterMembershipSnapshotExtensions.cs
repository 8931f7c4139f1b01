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
    /// Whether the silo has left the cluster or is leaving it: declared dead, or shutting down or stopping. Its
    /// subtasks are gone or being cancelled (a silo stops its task executor before it leaves the Active status),
    /// and a call to its executor would only fail, after Orleans' placement has retried for about half a second,
    /// since the executor grain is pinned to a silo that is no longer active.
    /// </summary>
    public static bool HasLeft(this ClusterMembershipSnapshot snapshot, string siloKey) =>
        snapshot.StatusOf(siloKey) is SiloStatus.Dead or SiloStatus.ShuttingDown or SiloStatus.Stopping;
}
