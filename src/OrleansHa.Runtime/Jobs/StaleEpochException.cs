namespace OrleansHa.Runtime.Jobs;

/// <summary>A command came from a leader whose epoch is older than one the job grain has already seen.</summary>
[GenerateSerializer]
[Alias("orleansha.StaleEpochException")]
public sealed class StaleEpochException(long epoch, long highestSeen)
    : Exception($"The command carries leadership epoch {epoch}, older than epoch {highestSeen} already seen: it " +
                "comes from a leader that lost its leadership and is ignored.")
{
    [Id(0)]
    public long Epoch { get; private set; } = epoch;

    [Id(1)]
    public long HighestSeen { get; private set; } = highestSeen;
}
