using Orleans.Runtime.Placement;
using OrleansHa.Runtime.Leader;

namespace OrleansHa.Runtime.Placement;

/// <summary>Places a <see cref="LeaderPlacement"/> grain on this silo, or on another active one while this silo is leaving.</summary>
internal sealed class LeaderPlacementDirector(SiloDeparture departure) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var local = context.LocalSilo;
        var localIsCandidate = context.LocalSiloStatus == SiloStatus.Active && Array.IndexOf(compatible, local) >= 0;
        if (localIsCandidate && !departure.IsLeaving)
        {
            return Task.FromResult(local);
        }

        var others = compatible.Where(silo => !silo.Equals(local)).ToArray();
        if (others.Length > 0)
        {
            return Task.FromResult(others[Random.Shared.Next(others.Length)]);
        }

        // The last silo: a leader on a leaving silo still beats none while it drains.
        return localIsCandidate
            ? Task.FromResult(local)
            : throw new SiloUnavailableException($"No active silo can host grain {target.GrainIdentity}.");
    }
}
