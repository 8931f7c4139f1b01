using Orleans.Runtime.Placement;

namespace OrleansHa.Runtime.Placement;

/// <summary>Places a <see cref="SiloPinnedPlacement"/> grain on the silo named by its key, if that silo is active.</summary>
internal sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new OrleansException(
                $"Grain {target.GrainIdentity} uses silo-pinned placement, but its key '{key}' is not a silo address.",
                exception);
        }

        if (Array.IndexOf(context.GetCompatibleSilos(target), silo) < 0)
        {
            throw new SiloUnavailableException(
                $"Grain {target.GrainIdentity} is pinned to silo {silo}, which is not an active silo of the cluster.");
        }

        return Task.FromResult(silo);
    }
}
