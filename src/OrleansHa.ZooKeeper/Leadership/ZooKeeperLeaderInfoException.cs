namespace OrleansHa.ZooKeeper.Leadership;

/// <summary>The leader znode kept changing while the leader info was being published.</summary>
public sealed class ZooKeeperLeaderInfoException(string path, long epoch, int attempts)
    : Exception(
        $"The leader node {path} changed during each of {attempts} attempts to publish epoch {epoch}, so the " +
        "publication was given up. Another process is rewriting it in a loop; find it, then publish again.")
{
    public string Path { get; } = path;

    public long Epoch { get; } = epoch;
}
