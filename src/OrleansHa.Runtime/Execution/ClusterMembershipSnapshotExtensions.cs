namespace OrleansHa.Runtime.Execution;

/// <summary>The silos of a membership snapshot as the runtime names them: the keys of their task executors.</summary>
internal static class ClusterMembershipSnapshotExtensions
{
    /// <summary>The parsable addresses of the active silos, which are also their task executors' keys.</summary>
    public static IReadOnlyList<string> ActiveSiloKeys(this ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToParsableString())];
}
