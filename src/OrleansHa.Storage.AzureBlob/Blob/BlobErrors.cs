using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Storage.Blobs.Models;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>Sorts the Azure SDK's failures into what the stores act on.</summary>
internal static class BlobErrors
{
    /// <summary>409 (the blob exists: If-None-Match) or 412 (its ETag moved: If-Match).</summary>
    public static bool IsConflict(RequestFailedException e) =>
        e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed;

    public static bool IsNotFound(RequestFailedException e) => e.Status == (int)HttpStatusCode.NotFound;

    public static bool IsContainerNotFound(RequestFailedException e) =>
        IsNotFound(e) && e.ErrorCode == BlobErrorCode.ContainerNotFound;

    /// <summary>
    /// True when the account could not be reached or failed on its side (no response, a timeout, 408, 429,
    /// 5xx), after the SDK's own retries: the caller may try again later. A cancellation the caller asked for
    /// is not transient.
    /// </summary>
    public static bool IsTransient(Exception e, CancellationToken callerToken) => e switch
    {
        RequestFailedException r => r.Status is 0 or (int)HttpStatusCode.RequestTimeout
            or (int)HttpStatusCode.TooManyRequests or >= 500,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(i => IsTransient(i, callerToken)),
        OperationCanceledException => !callerToken.IsCancellationRequested,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        _ => false,
    };
}
