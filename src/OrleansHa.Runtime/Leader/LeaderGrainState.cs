namespace OrleansHa.Runtime.Leader;

/// <summary>
/// What the leader grain persists: only its epoch. Each activation increments it with a write conditioned on
/// the ETag it read, so of two activations at once exactly one wins the epoch.
/// </summary>
[GenerateSerializer]
[Alias("orleansha.LeaderGrainState")]
public sealed class LeaderGrainState
{
    [Id(0)]
    public long Epoch { get; set; }
}
