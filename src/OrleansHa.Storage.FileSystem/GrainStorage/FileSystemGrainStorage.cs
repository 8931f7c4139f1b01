using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// Orleans grain storage in a directory, with the blob provider's layout and semantics: one file per grain
/// state at <c>&lt;root&gt;/&lt;cluster-id&gt;/grains/&lt;grain-type&gt;/&lt;grain-key&gt;/&lt;state-name&gt;.json</c>,
/// replaced atomically; writes and clears compare the grain's ETag with the file's under a lock that holds
/// across processes, so silos on one machine that share the directory never overwrite each other's newer
/// state.
/// </summary>
public sealed class FileSystemGrainStorage : IGrainStorage, IGrainStateLister, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly FileSystemGrainStorageOptions _options;
    private readonly HaStorageLayout _layout;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private readonly FileStoreDirectory _directory;

    public FileSystemGrainStorage(
        string name, FileSystemGrainStorageOptions options, string clusterId, IActivatorProvider activators,
        ILogger<FileSystemGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options.GrainStorageSerializer);
        _name = name;
        _options = options;
        _layout = new HaStorageLayout(clusterId);
        _activators = activators;
        _logger = logger;
        _directory = new FileStoreDirectory(options, StorageOperationTags.Stores.GrainStorage, logger);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var name = _layout.GrainState(grainId, stateName);
        if (await _directory.TryReadAsync(name, cancellationToken) is not { } file)
        {
            Reset(grainState, eTag: null);
            return;
        }

        try
        {
            GrainStateRecord.Load(
                grainState, new BinaryData(file.Content), file.ETag, _options.GrainStorageSerializer, _activators,
                _directory.PathOf(name));
        }
        catch (CorruptStoredRecordException e)
        {
            _logger.CorruptRecord(e, e.Location);
            throw;
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var name = _layout.GrainState(grainId, stateName);
        var content = _options.GrainStorageSerializer.Serialize(grainState.State).ToMemory();
        grainState.ETag = await CompareAndWriteAsync(name, content, grainState.ETag, cancellationToken);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var name = _layout.GrainState(grainId, stateName);
        string? eTag = null;
        if (_options.DeleteStateOnClear)
        {
            using (await _directory.LockAsync(name, cancellationToken))
            {
                // Already gone is fine: clearing what does not exist leaves the same result.
                if (_directory.TryGetLastWriteTime(name) is { } stored)
                {
                    ThrowIfStale(StorageOperationTags.Operations.Delete, name, grainState.ETag, FileETag.From(stored));
                    _directory.TryDelete(name);
                }
            }
        }
        else
        {
            eTag = await CompareAndWriteAsync(name, ReadOnlyMemory<byte>.Empty, grainState.ETag, cancellationToken);
        }

        Reset(grainState, eTag);
    }

    public async IAsyncEnumerable<GrainId> ListGrainIdsAsync(
        GrainType grainType, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var folder in _directory.ListFolders(_layout.GrainTypePrefix(grainType)))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A grain whose every state was deleted keeps an empty folder; it has no state to recover.
            if (folder.EnumerateFiles("*" + HaStorageLayout.JsonExtension).Any())
            {
                yield return HaStorageLayout.GrainIdFromKeySegment(grainType, folder.Name);
            }
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(FileSystemGrainStorage)}-{_name}", _options.InitStage, _ =>
        {
            _logger.StoreStarted($"grain storage '{_name}'", _directory.Root, _layout.ClusterId);
            return Task.CompletedTask;
        });

    private async Task<string> CompareAndWriteAsync(
        string name, ReadOnlyMemory<byte> content, string? currentETag, CancellationToken cancellationToken)
    {
        using (await _directory.LockAsync(name, cancellationToken))
        {
            var stored = _directory.TryGetLastWriteTime(name);
            ThrowIfStale(StorageOperationTags.Operations.Write, name, currentETag, stored is { } time ? FileETag.From(time) : null);
            return FileETag.From(await _directory.WriteAsync(name, content, stored, cancellationToken));
        }
    }

    /// <summary>If-None-Match: * when the grain has no ETag, If-Match otherwise, as on blob storage.</summary>
    private void ThrowIfStale(string operation, string name, string? currentETag, string? storedETag)
    {
        if (string.Equals(string.IsNullOrEmpty(currentETag) ? null : currentETag, storedETag, StringComparison.Ordinal))
        {
            return;
        }

        var path = _directory.PathOf(name);
        _logger.GrainStateConflict(operation, path, currentETag, storedETag);
        FileSystemStorageInstruments.Count(
            StorageOperationTags.Stores.GrainStorage, operation, StorageOperationTags.Outcomes.Conflict);
        throw GrainStateRecord.Conflict(operation, path, currentETag, storedETag);
    }

    private void Reset<T>(IGrainState<T> grainState, string? eTag) => GrainStateRecord.Reset(grainState, eTag, _activators);
}
