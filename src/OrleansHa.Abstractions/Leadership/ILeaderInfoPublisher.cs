namespace OrleansHa.Leadership;

/// <summary>
/// Publishes the leader info after a leader wins its epoch, and withdraws it on a graceful handover. The
/// epoch is the fence: a stale leader never overwrites the record of a newer one.
/// </summary>
public interface ILeaderInfoPublisher
{
    /// <summary>Publishes <paramref name="info"/> unless a record with a higher epoch is already published.</summary>
    /// <returns>
    /// True when <paramref name="info"/> is the published record (also when it already was); false, with
    /// nothing written, when a record with a higher epoch (or another silo's record with the same epoch) is
    /// published.
    /// </returns>
    Task<bool> PublishAsync(LeaderInfo info, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the published record only while it still carries <paramref name="epoch"/>; a newer leader's
    /// record stays. Idempotent: nothing to remove is no error.
    /// </summary>
    Task RevokeAsync(long epoch, CancellationToken cancellationToken = default);
}
