using Microsoft.Extensions.Logging;
using OrleansHa.Leadership;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// The leader info of embedded mode at <c>&lt;root&gt;/&lt;cluster-id&gt;/leader.json</c>. Publish and revoke
/// compare the stored epoch and write under the record's cross-process lock, so two leaders racing from two
/// processes cannot both win and a stale one never overwrites a newer record. Unlike the znode, the record
/// outlives its leader's process: the next leader replaces it.
/// </summary>
public sealed class FileSystemLeaderInfoStore : ILeaderInfoPublisher, ILeaderInfoRetriever
{
    /// <summary>The <c>store</c> tag of this store's operation counts.</summary>
    public const string StoreName = "leader";

    private readonly string _name;
    private readonly ILogger _logger;
    private readonly FileStoreDirectory _directory;

    public FileSystemLeaderInfoStore(
        FileSystemLeaderInfoOptions options, string clusterId, ILogger<FileSystemLeaderInfoStore> logger)
    {
        _name = new HaStorageLayout(clusterId).Leader;
        _logger = logger;
        _directory = new FileStoreDirectory(options, StoreName, logger);
    }

    public async Task<bool> PublishAsync(LeaderInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.Validate();
        using var held = await _directory.LockAsync(_name, cancellationToken);
        var file = await _directory.TryReadAsync(_name, cancellationToken);
        var published = file is null ? null : ReadOrNull(file);
        switch (LeaderInfoRules.Decide(published, info))
        {
            case LeaderInfoPublication.Refuse:
                _logger.LeaderInfoRefused(_directory.PathOf(_name), info.Epoch, published!.Epoch, published.SiloAddress);
                return false;
            case LeaderInfoPublication.AlreadyPublished:
                return true;
            default:
                await _directory.WriteAsync(_name, LeaderInfoDocument.Write(info), file?.LastWriteTimeUtc, cancellationToken);
                _logger.LeaderInfoPublished(_directory.PathOf(_name), info.Epoch, info.SiloAddress);
                return true;
        }
    }

    public async Task RevokeAsync(long epoch, CancellationToken cancellationToken = default)
    {
        using var held = await _directory.LockAsync(_name, cancellationToken);
        if (await _directory.TryReadAsync(_name, cancellationToken) is { } file
            && ReadOrNull(file) is { } published
            && published.Epoch == epoch)
        {
            _directory.TryDelete(_name);
            _logger.LeaderInfoRevoked(_directory.PathOf(_name), epoch);
        }
    }

    public async Task<LeaderInfo?> GetAsync(CancellationToken cancellationToken = default) =>
        await _directory.TryReadAsync(_name, cancellationToken) is { } file ? ReadOrNull(file) : null;

    /// <summary>The record, or null (logged) when it cannot be read: a corrupt record is no leader, and the next publication replaces it.</summary>
    private LeaderInfo? ReadOrNull(StoredFile file)
    {
        try
        {
            return LeaderInfoDocument.Read(_directory.PathOf(_name), file.Content);
        }
        catch (CorruptStoredRecordException e)
        {
            _logger.CorruptRecord(e, e.Location);
            return null;
        }
    }
}
