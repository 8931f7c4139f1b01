namespace OrleansHa.Leadership;

/// <summary>The fencing rule every backend applies the same way.</summary>
public static class LeaderInfoRules
{
    /// <param name="published">The readable published record, or null when there is none or it is corrupt.</param>
    /// <param name="candidate">The record to publish.</param>
    public static LeaderInfoPublication Decide(LeaderInfo? published, LeaderInfo candidate)
    {
        if (published is null || published.Epoch < candidate.Epoch)
        {
            return LeaderInfoPublication.Write;
        }

        if (published.Epoch > candidate.Epoch || published.SiloAddress != candidate.SiloAddress)
        {
            return LeaderInfoPublication.Refuse;
        }

        // Same leader, same epoch: a changed detail (the REST address arriving later) is written, else nothing.
        return published == candidate ? LeaderInfoPublication.AlreadyPublished : LeaderInfoPublication.Write;
    }
}
