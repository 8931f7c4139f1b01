namespace OrleansHa.Leadership;

/// <summary>
/// Who leads the cluster, as the leader publishes it for everyone else to find (Flink's leader retrieval
/// service): the leader's silo, the epoch it won, since when it leads, and where its REST endpoint listens.
/// </summary>
/// <param name="SiloAddress">The leader's silo, in its parsable form (<c>ip:port@generation</c>).</param>
/// <param name="Epoch">The leadership epoch the leader won; a higher epoch always supersedes a lower one.</param>
/// <param name="Since">When the leader won <paramref name="Epoch"/>.</param>
/// <param name="RestAddress">The leader's REST endpoint, once there is one.</param>
[GenerateSerializer]
[Alias("orleansha.LeaderInfo")]
public sealed record LeaderInfo(
    [property: Id(0)] string SiloAddress,
    [property: Id(1)] long Epoch,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] string? RestAddress = null)
{
    /// <exception cref="ArgumentException">The silo address is empty or the epoch is negative.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SiloAddress))
        {
            throw new ArgumentException("The leader info has no silo address; give the leader's silo address.", nameof(SiloAddress));
        }

        if (Epoch < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Epoch), Epoch, "The leader info's epoch is negative; epochs start at 0 and only grow.");
        }
    }
}
