using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Testing.Azurite;

namespace OrleansHa.Storage.Tests.Infrastructure;

/// <summary>The Azure Blob stores on an Azurite, in the default container.</summary>
public sealed class AzuriteBackend(AzuriteServer azurite, Action<AzureBlobStorageOptions>? configure = null) : IStorageBackend
{
    private readonly BlobContainerClient _container =
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(AzureBlobStorageOptions.DefaultContainerName);

    public string MeterName => AzureBlobStorageInstruments.MeterName;

    public string Describe(string name) => $"{AzureBlobStorageOptions.DefaultContainerName}/{name}";

    public async Task WriteRawAsync(string name, byte[] content)
    {
        await _container.CreateIfNotExistsAsync();
        await _container.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true);
    }

    public async Task<byte[]?> ReadRawAsync(string name)
    {
        var blob = _container.GetBlobClient(name);
        return await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content.ToArray() : null;
    }

    public async Task TamperAsync(string name)
    {
        var blob = _container.GetBlobClient(name);
        var download = (await blob.DownloadContentAsync()).Value;
        var bytes = download.Content.ToArray();
        bytes[0] ^= 0xFF;
        await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions { Metadata = download.Details.Metadata });
    }

    public async Task<IReadOnlyList<string>> ListRawAsync(string prefix)
    {
        var names = new List<string>();
        if (!await _container.ExistsAsync())
        {
            return names;
        }

        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public IGrainStorage CreateGrainStorage(string clusterId, bool deleteStateOnClear = true) =>
        new AzureBlobGrainStorage(
            "test", Configure(new AzureBlobGrainStorageOptions
            {
                DeleteStateOnClear = deleteStateOnClear,
                GrainStorageSerializer = TestSerializers.Json,
            }),
            clusterId, NewInstanceActivatorProvider.Instance, NullLogger<AzureBlobGrainStorage>.Instance);

    public IJobResultStore CreateJobResultStore(string clusterId, bool deleteOnCommit = true) =>
        new AzureBlobJobResultStore(
            Configure(new AzureBlobJobResultStoreOptions { DeleteOnCommit = deleteOnCommit }), clusterId,
            NullLogger<AzureBlobJobResultStore>.Instance);

    public IArtifactStore CreateArtifactStore(string clusterId, long maxArtifactBytes) =>
        new AzureBlobArtifactStore(
            Configure(new AzureBlobArtifactStoreOptions { MaxArtifactBytes = maxArtifactBytes }), clusterId,
            NullLogger<AzureBlobArtifactStore>.Instance);

    public ICheckpointPayloadStore CreateCheckpointPayloadStore(string clusterId) =>
        new AzureBlobCheckpointPayloadStore(
            Configure(new AzureBlobCheckpointPayloadStoreOptions()), clusterId,
            NullLogger<AzureBlobCheckpointPayloadStore>.Instance);

    public IJobHistoryStore CreateJobHistoryStore(string clusterId, TimeProvider time) =>
        new AzureBlobJobHistoryStore(
            Configure(new AzureBlobJobHistoryStoreOptions()), clusterId, time, NullLogger<AzureBlobJobHistoryStore>.Instance);

    private TOptions Configure<TOptions>(TOptions options)
        where TOptions : AzureBlobStorageOptions
    {
        options.ConnectionString = azurite.ConnectionString;
        configure?.Invoke(options);
        return options;
    }
}
