namespace OrleansHa.Runtime.Leader;

/// <summary>
/// A leader activation lost its leadership to a newer one (it lost the race for its epoch, or a job grain
/// has seen a newer epoch). The call fails with this error; calling again reaches the current leader.
/// </summary>
[GenerateSerializer]
[Alias("orleansha.LeadershipLostException")]
public sealed class LeadershipLostException : Exception
{
    public LeadershipLostException(long epoch, Exception inner)
        : base($"The leader activation of epoch {epoch} lost its leadership to a newer one and deactivated. Call " +
               "the leader again to reach the current one.", inner)
    {
        Epoch = epoch;
    }

    [Id(0)]
    public long Epoch { get; private set; }
}
