using Microsoft.Extensions.Hosting;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// Whether this silo is on its way out (its host began a clean shutdown) while another active silo can take
/// over what it holds. Only this silo knows it is leaving until its membership row says so, after its gateway
/// and task executor have stopped: the leader's placement and activation ask here so that no leader starts on
/// a silo that is about to deactivate it.
/// </summary>
internal sealed class SiloDeparture(
    IHostApplicationLifetime lifetime,
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership)
{
    /// <summary>The host is stopping: the silo's lifecycle stops next.</summary>
    public bool IsLeaving => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>This silo is leaving and another active silo can lead in its place.</summary>
    public bool MustNotLead => IsLeaving && HasOtherActiveSilo();

    private bool HasOtherActiveSilo() =>
        membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(localSilo.SiloAddress));
}
