using Orleans.Placement;

namespace OrleansHa.Runtime.Placement;

/// <summary>
/// The leader's placement: on the silo that asks for it, unless that silo is leaving; then on another active
/// silo. A silo learns that another one is leaving only from the membership, after that silo's gateway has
/// stopped, so only the leaving silo itself can keep the leader off it: it never places a leader on itself,
/// and the other silos only ever place it on themselves.
/// </summary>
[GenerateSerializer]
[Alias("orleansha.LeaderPlacement")]
[Immutable]
public sealed class LeaderPlacement : PlacementStrategy
{
    internal static LeaderPlacement Instance { get; } = new();
}

/// <summary>Places the leader grain by <see cref="LeaderPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class LeaderPlacementAttribute() : PlacementAttribute(LeaderPlacement.Instance);
