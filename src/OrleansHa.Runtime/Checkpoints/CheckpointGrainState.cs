using OrleansHa.Grains;

namespace OrleansHa.Runtime.Checkpoints;

/// <summary>The checkpoint grain's state: the retained completed checkpoints, oldest first.</summary>
[GenerateSerializer]
[Alias("orleansha.CheckpointGrainState")]
public sealed class CheckpointGrainState
{
    [Id(0)]
    public List<CompletedCheckpoint> Retained { get; set; } = [];
}
