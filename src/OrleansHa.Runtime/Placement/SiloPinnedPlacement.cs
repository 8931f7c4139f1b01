using Orleans.Placement;

namespace OrleansHa.Runtime.Placement;

/// <summary>
/// Places a string-keyed grain on the silo whose address (<see cref="SiloAddress.ToParsableString"/>) is its
/// key, and nowhere else: the task executor of a silo lives and dies with that silo.
/// </summary>
[GenerateSerializer]
[Alias("orleansha.SiloPinnedPlacement")]
[Immutable]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    internal static SiloPinnedPlacement Instance { get; } = new();

    public override bool IsUsingGrainDirectory => true;
}

/// <summary>Marks a grain class keyed by a silo address to be placed on that silo.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Instance);
