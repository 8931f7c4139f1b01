using OrleansHa.Grains;

namespace OrleansHa.Runtime.Checkpoints;

/// <summary>The checkpoint grain's state: the retained completed checkpoints, oldest first.</summary>
[GenerateSerializer]
[Alias("orleansha.CheckpointGrainState")]
public sealed class CheckpointGrainState
{
    [Id(0)]
    public List<CompletedCheckpoint> Retained { get; set; } = [];

    /// <summary>
    /// The payloads stored inline, by checkpoint id, then subtask: written in the same state write as the
    /// checkpoint they belong to, so a restore never sees one without the other.
    /// </summary>
    [Id(1)]
    public Dictionary<long, Dictionary<int, byte[]>> InlinePayloads { get; set; } = [];
}
