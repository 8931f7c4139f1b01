using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace OrleansHa.Bench.Storage;

/// <summary>The reference: the Azure SDK doing the same conditional PUTs and GETs of the same JSON, by hand.</summary>
internal sealed class RawSdkCounterClient(BlobClient blob) : ICounterClient
{
    private readonly BenchState _state = new();
    private ETag? _eTag;

    public async Task WriteNextAsync(CancellationToken cancellationToken)
    {
        _state.Value++;
        var options = new BlobUploadOptions
        {
            Conditions = _eTag is { } eTag
                ? new BlobRequestConditions { IfMatch = eTag }
                : new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        var info = await blob.UploadAsync(BinaryData.FromObjectAsJson(_state), options, cancellationToken);
        _eTag = info.Value.ETag;
    }

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        var download = await blob.DownloadContentAsync(cancellationToken);
        JsonSerializer.Deserialize<BenchState>(download.Value.Content.ToMemory().Span);
    }
}
