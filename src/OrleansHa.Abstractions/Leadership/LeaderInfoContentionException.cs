namespace OrleansHa.Leadership;

/// <summary>The leader info record kept changing under every attempt to publish or revoke it.</summary>
public sealed class LeaderInfoContentionException(string location, long epoch, int attempts)
    : Exception(
        $"The leader info record '{location}' changed during each of {attempts} attempts to publish or revoke " +
        $"epoch {epoch}, so the call was given up. Another process rewrites it in a loop; find it, then try again.")
{
    /// <summary>The znode path, blob name or file path of the record.</summary>
    public string Location { get; } = location;

    public long Epoch { get; } = epoch;
}
