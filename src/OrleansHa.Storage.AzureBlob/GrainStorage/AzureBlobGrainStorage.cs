using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// Orleans grain storage on Azure Blob: one JSON blob per grain state at
/// <c>&lt;cluster-id&gt;/grains/&lt;grain-type&gt;/&lt;grain-key&gt;/&lt;state-name&gt;.json</c>. A read is one GET,
/// a write one conditional PUT (If-None-Match: * for a grain without an ETag, If-Match otherwise), a clear
/// one conditional DELETE (or PUT of an empty blob). A lost condition raises
/// <see cref="InconsistentStateException"/>: a stale activation never overwrites newer state.
/// </summary>
public sealed class AzureBlobGrainStorage : IGrainStorage, IGrainStateLister, ILifecycleParticipant<ISiloLifecycle>
{
    private const string Store = StorageOperationTags.Stores.GrainStorage;

    private readonly string _name;
    private readonly AzureBlobGrainStorageOptions _options;
    private readonly HaStorageLayout _layout;
    private readonly IActivatorProvider _activators;
    private readonly ILogger _logger;
    private readonly BlobContainerAccess _access;

    public AzureBlobGrainStorage(
        string name, AzureBlobGrainStorageOptions options, string clusterId, IActivatorProvider activators,
        ILogger<AzureBlobGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options.GrainStorageSerializer);
        _name = name;
        _options = options;
        _layout = new HaStorageLayout(clusterId);
        _activators = activators;
        _logger = logger;
        _access = new BlobContainerAccess(options, Store, logger);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blobName = _layout.GrainState(grainId, stateName);
        if (await _access.TryDownloadAsync(blobName, cancellationToken) is not { } download)
        {
            Reset(grainState, eTag: null);
            return;
        }

        try
        {
            GrainStateRecord.Load(
                grainState, download.Content, download.Details.ETag.ToString(), _options.GrainStorageSerializer,
                _activators, _access.Describe(blobName));
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
        var blobName = _layout.GrainState(grainId, stateName);
        var content = _options.GrainStorageSerializer.Serialize(grainState.State);
        grainState.ETag = await UploadAsync(blobName, content, grainState.ETag, cancellationToken);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blobName = _layout.GrainState(grainId, stateName);
        string? eTag = null;
        if (_options.DeleteStateOnClear)
        {
            await DeleteAsync(blobName, grainState.ETag, cancellationToken);
        }
        else
        {
            eTag = await UploadAsync(blobName, BinaryData.Empty, grainState.ETag, cancellationToken);
        }

        Reset(grainState, eTag);
    }

    public async IAsyncEnumerable<GrainId> ListGrainIdsAsync(
        GrainType grainType, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = _layout.GrainTypePrefix(grainType);
        await foreach (var folder in _access.ListFoldersAsync(prefix, cancellationToken))
        {
            yield return HaStorageLayout.GrainIdFromKeySegment(grainType, folder[prefix.Length..^1]);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(AzureBlobGrainStorage)}-{_name}", _options.InitStage, InitializeAsync);

    /// <summary>Makes sure the container exists before the first grain activates; writes never check again.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _access.EnsureContainerAsync(cancellationToken);
            _logger.StoreStarted($"grain storage '{_name}'", _access.Container.Name, _access.Endpoint, _layout.ClusterId);
        }
        catch (Exception e)
        {
            _logger.GrainStorageInitFailed(e, _name, _access.Container.Name, _access.Endpoint);
            throw;
        }
    }

    private async Task<string> UploadAsync(
        string blobName, BinaryData content, string? currentETag, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = Conditions(currentETag),
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        try
        {
            return (await _access.UploadAsync(blobName, content, options, cancellationToken)).ToString();
        }
        catch (RequestFailedException e) when (BlobErrors.IsConflict(e) || BlobErrors.IsNotFound(e))
        {
            throw await ConflictAsync(StorageOperationTags.Operations.Write, blobName, currentETag, e);
        }
    }

    private async Task DeleteAsync(string blobName, string? currentETag, CancellationToken cancellationToken)
    {
        try
        {
            // Already gone is fine: clearing what does not exist leaves the same result.
            await _access.TryDeleteAsync(blobName, Conditions(currentETag), cancellationToken);
        }
        catch (RequestFailedException e) when (BlobErrors.IsConflict(e))
        {
            throw await ConflictAsync(StorageOperationTags.Operations.Delete, blobName, currentETag, e);
        }
    }

    /// <summary>
    /// The error for a lost condition, with the ETag now in storage. Reading it costs one more request, but
    /// only on this rare path, and tells the operator which write won.
    /// </summary>
    private async Task<InconsistentStateException> ConflictAsync(
        string operation, string blobName, string? currentETag, RequestFailedException cause)
    {
        string? storedETag;
        try
        {
            storedETag = (await _access.TryGetETagAsync(blobName, CancellationToken.None))?.ToString();
        }
        catch (Exception e) when (e is RequestFailedException or StorageUnavailableException)
        {
            storedETag = "(unknown)";
        }

        _logger.GrainStateConflict(operation, blobName, currentETag, storedETag);
        return GrainStateRecord.Conflict(operation, _access.Describe(blobName), currentETag, storedETag, cause);
    }

    private static BlobRequestConditions Conditions(string? currentETag) =>
        string.IsNullOrEmpty(currentETag)
            ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = new ETag(currentETag) };

    private void Reset<T>(IGrainState<T> grainState, string? eTag) => GrainStateRecord.Reset(grainState, eTag, _activators);
}
