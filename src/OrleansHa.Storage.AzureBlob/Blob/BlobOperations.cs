using Azure;
using Azure.Storage.Blobs.Models;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>The single-request operations the stores are made of: each costs exactly one counted request.</summary>
internal static class BlobOperations
{
    /// <summary>One GET: the blob's content and properties, or null when it does not exist.</summary>
    public static async Task<BlobDownloadResult?> TryDownloadAsync(
        this BlobContainerAccess access, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return await access.SendAsync(
                StorageOperationTags.Operations.Read, blobName,
                async ct => (await access.Blob(blobName).DownloadContentAsync(ct)).Value, cancellationToken);
        }
        catch (RequestFailedException e) when (BlobErrors.IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>One HEAD: the blob's ETag, or null when it does not exist.</summary>
    public static async Task<ETag?> TryGetETagAsync(
        this BlobContainerAccess access, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await access.SendAsync(
                StorageOperationTags.Operations.Exists, blobName,
                ct => access.Blob(blobName).GetPropertiesAsync(cancellationToken: ct), cancellationToken);
            return properties.Value.ETag;
        }
        catch (RequestFailedException e) when (BlobErrors.IsNotFound(e))
        {
            return null;
        }
    }

    public static async Task<bool> ExistsAsync(
        this BlobContainerAccess access, string blobName, CancellationToken cancellationToken) =>
        await access.TryGetETagAsync(blobName, cancellationToken) is not null;

    /// <summary>
    /// One PUT (two more, once, when the container is missing): returns the new ETag. A lost condition
    /// surfaces as the SDK's <see cref="RequestFailedException"/> (409 or 412) for the caller to translate.
    /// </summary>
    public static async Task<ETag> UploadAsync(
        this BlobContainerAccess access, string blobName, BinaryData content, BlobUploadOptions options,
        CancellationToken cancellationToken)
    {
        var info = await access.SendAsync(
            StorageOperationTags.Operations.Write, blobName,
            ct => access.Blob(blobName).UploadAsync(content, options, ct), cancellationToken,
            createContainerIfMissing: true);
        return info.Value.ETag;
    }

    /// <summary>Upload options for a blob that must not exist yet (If-None-Match: *).</summary>
    public static BlobUploadOptions CreateOnly(string contentType) => new()
    {
        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
    };

    /// <summary>One DELETE: false when the blob does not exist. A lost condition throws as the SDK does.</summary>
    public static async Task<bool> TryDeleteAsync(
        this BlobContainerAccess access, string blobName, BlobRequestConditions? conditions,
        CancellationToken cancellationToken)
    {
        try
        {
            await access.SendAsync(
                StorageOperationTags.Operations.Delete, blobName,
                ct => access.Blob(blobName).DeleteAsync(DeleteSnapshotsOption.None, conditions, ct), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (BlobErrors.IsNotFound(e))
        {
            return false;
        }
    }
}
