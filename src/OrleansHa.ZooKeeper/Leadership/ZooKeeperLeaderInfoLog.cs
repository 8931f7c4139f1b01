using Microsoft.Extensions.Logging;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Leadership;

/// <summary>Log messages of the leader info on ZooKeeper; event ids 1200-1299.</summary>
internal static partial class ZooKeeperLeaderInfoLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information,
        Message = "Published leader info {Path}: epoch {Epoch}, silo {SiloAddress}, session 0x{SessionId:x}")]
    public static partial void LeaderInfoPublished(this ILogger logger, string path, long epoch, string siloAddress, long sessionId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Refused to publish epoch {Epoch} to {Path}: it holds epoch {PublishedEpoch} of silo {PublishedSilo}")]
    public static partial void LeaderInfoRefused(this ILogger logger, string path, long epoch, long publishedEpoch, string publishedSilo);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug,
        Message = "Leader info {Path} of epoch {Epoch} was already published by this session")]
    public static partial void LeaderInfoAlreadyPublished(this ILogger logger, string path, long epoch);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information,
        Message = "Revoked leader info {Path} of epoch {Epoch}")]
    public static partial void LeaderInfoRevoked(this ILogger logger, string path, long epoch);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning,
        Message = "Leader node {Path} cannot be read; it counts as no leader until the next leader replaces it")]
    public static partial void CorruptLeaderNode(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information,
        Message = "Session 0x{SessionId:x} replaced an expired one: publishing leader info {Path} of epoch {Epoch} again")]
    public static partial void RepublishingAfterExpiry(this ILogger logger, string path, long epoch, long sessionId);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning,
        Message = "Publishing leader info {Path} of epoch {Epoch} again failed ({Code}); retrying in {Delay}")]
    public static partial void RepublishFailed(this ILogger logger, Exception exception, string path, long epoch, ZooKeeperErrorCode code, TimeSpan delay);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Debug,
        Message = "Leader node {Path} changed while publishing epoch {Epoch} ({Code}); attempt {Attempt}")]
    public static partial void LeaderNodeMoved(this ILogger logger, string path, long epoch, ZooKeeperErrorCode code, int attempt);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Debug,
        Message = "Session 0x{SessionId:x} connected; leader info {Path} needs no re-creation (nothing published, revoked, or still in this session)")]
    public static partial void NothingToRepublish(this ILogger logger, string path, long sessionId);
}
