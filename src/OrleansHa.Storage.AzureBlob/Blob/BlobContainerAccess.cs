using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// One store's view of the container: it sends each request once (the SDK retries transient failures under
/// the configured policy), counts it, turns an unreachable account into
/// <see cref="StorageUnavailableException"/>, and creates the container when a write finds it missing, so the
/// steady state costs no existence check at all.
/// </summary>
internal sealed class BlobContainerAccess
{
    private readonly string _store;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _containerKnownToExist;

    public BlobContainerAccess(AzureBlobStorageOptions options, string store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        Container = options.CreateServiceClient().GetBlobContainerClient(options.ContainerName);
        Endpoint = Container.Uri.GetLeftPart(UriPartial.Path);
    }

    public BlobContainerClient Container { get; }

    /// <summary>The container's URI, without any credential: what errors and logs name.</summary>
    public string Endpoint { get; }

    public BlobClient Blob(string blobName) => Container.GetBlobClient(blobName);

    /// <summary>The name errors give for a blob: container and blob name.</summary>
    public string Describe(string blobName) => $"{Container.Name}/{blobName}";

    /// <summary>Creates the container unless this process already saw it exist.</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_containerKnownToExist)
        {
            await CreateContainerAsync(cancellationToken);
        }
    }

    /// <summary>Sends one request. A write that finds the container missing creates it and is sent once more.</summary>
    public async Task<T> SendAsync<T>(
        string operation, string blobName, Func<CancellationToken, Task<T>> request,
        CancellationToken cancellationToken, bool createContainerIfMissing = false)
    {
        try
        {
            return await SendOnceAsync(operation, blobName, request, cancellationToken);
        }
        catch (RequestFailedException e) when (createContainerIfMissing && BlobErrors.IsContainerNotFound(e))
        {
            await CreateContainerAsync(cancellationToken);
            return await SendOnceAsync(operation, blobName, request, cancellationToken);
        }
    }

    /// <summary>The blobs under <paramref name="prefix"/>, one counted list request per page.</summary>
    public async IAsyncEnumerable<BlobItem> ListBlobsAsync(
        string prefix, BlobTraits traits, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = traits }, cancellationToken)
            .AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await NextPageAsync(pages, prefix, cancellationToken) is { } page)
            {
                foreach (var item in page.Values)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    /// <summary>
    /// One page of the blobs under <paramref name="prefix"/>, from <paramref name="continuation"/> (null: the
    /// first), of at most <paramref name="pageSize"/> blobs: one counted list request. Null when the container
    /// does not exist.
    /// </summary>
    public async Task<Page<BlobItem>?> ListBlobPageAsync(
        string prefix, BlobTraits traits, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var pages = Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = traits }, cancellationToken)
            .AsPages(continuation, pageSize).GetAsyncEnumerator(cancellationToken);
        try
        {
            return await NextPageAsync(pages, prefix, cancellationToken);
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    /// <summary>The names of the "folders" directly under <paramref name="prefix"/>, each ending in '/'.</summary>
    public async IAsyncEnumerable<string> ListFoldersAsync(
        string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = Container
            .GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" }, cancellationToken)
            .AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await NextPageAsync(pages, prefix, cancellationToken) is { } page)
            {
                foreach (var item in page.Values)
                {
                    if (item.IsPrefix)
                    {
                        yield return item.Prefix;
                    }
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    private async Task<Page<TItem>?> NextPageAsync<TItem>(
        IAsyncEnumerator<Page<TItem>> pages, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            // A missing container holds nothing: listing it is an empty list, not an error.
            var hasPage = await SendOnceAsync(
                StorageOperationTags.Operations.List, prefix, async _ => await pages.MoveNextAsync(), cancellationToken);
            return hasPage ? pages.Current : null;
        }
        catch (RequestFailedException e) when (BlobErrors.IsContainerNotFound(e))
        {
            return null;
        }
    }

    private async Task<T> SendOnceAsync<T>(
        string operation, string blobName, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            var result = await request(cancellationToken);
            AzureBlobStorageInstruments.Count(_store, operation, StorageOperationTags.Outcomes.Success);
            return result;
        }
        catch (RequestFailedException e) when (BlobErrors.IsNotFound(e) || BlobErrors.IsConflict(e))
        {
            var outcome = BlobErrors.IsConflict(e)
                ? StorageOperationTags.Outcomes.Conflict
                : StorageOperationTags.Outcomes.NotFound;
            AzureBlobStorageInstruments.Count(_store, operation, outcome);
            throw;
        }
        catch (Exception e) when (BlobErrors.IsTransient(e, cancellationToken))
        {
            AzureBlobStorageInstruments.Count(_store, operation, StorageOperationTags.Outcomes.Unavailable);
            _logger.StorageUnavailable(e, Endpoint, operation, blobName);
            throw new StorageUnavailableException(Endpoint, $"{operation} '{blobName}'", e);
        }
        catch (Exception)
        {
            AzureBlobStorageInstruments.Count(_store, operation, StorageOperationTags.Outcomes.Failed);
            throw;
        }
    }

    private async Task CreateContainerAsync(CancellationToken cancellationToken)
    {
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            var created = await SendOnceAsync(
                StorageOperationTags.Operations.CreateContainer, Container.Name,
                ct => Container.CreateIfNotExistsAsync(cancellationToken: ct), cancellationToken);
            if (created?.Value is not null)
            {
                _logger.ContainerCreated(Container.Name, Endpoint);
            }

            _containerKnownToExist = true;
        }
        finally
        {
            _createGate.Release();
        }
    }
}
