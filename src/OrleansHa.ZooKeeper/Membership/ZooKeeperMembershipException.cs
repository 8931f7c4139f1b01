namespace OrleansHa.ZooKeeper.Membership;

/// <summary>
/// The membership table in ZooKeeper cannot be read as Orleans needs it: its table node holds no version, or it
/// changed under every one of a bounded number of reads. The message names the znode and what to do.
/// </summary>
public sealed class ZooKeeperMembershipException(string message, Exception? innerException = null)
    : Exception(message, innerException);
