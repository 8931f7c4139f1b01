using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OrleansHa.Jobs;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.Layout;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// The cluster's blobs as the Azure SDK sees them, named by the HA layout (DESIGN.md 3.3): what the tests
/// inspect and damage, bypassing the stores under test.
/// </summary>
public sealed class StoredBlobs(string connectionString, string clusterId)
{
    public BlobContainerClient Container { get; } =
        new BlobServiceClient(connectionString).GetBlobContainerClient(AzureBlobStorageOptions.DefaultContainerName);

    public HaStorageLayout Layout { get; } = new(clusterId);

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    /// <summary>The names of the blobs under <paramref name="prefix"/>, in order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, Cancel))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>The checkpoint ids that have at least one payload stored for the job, in order.</summary>
    public async Task<IReadOnlyList<long>> CheckpointIdsAsync(JobId jobId)
    {
        var prefix = Layout.CheckpointsPrefix(jobId);
        var names = await ListAsync(prefix);
        return [.. names.Select(name => long.Parse(name[prefix.Length..name.IndexOf('/', prefix.Length)])).Distinct().Order()];
    }

    public async Task<long> SizeAsync(string blobName) =>
        (await Container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: Cancel)).Value.ContentLength;

    public async Task<byte[]> ReadAsync(string blobName) =>
        (await Container.GetBlobClient(blobName).DownloadContentAsync(Cancel)).Value.Content.ToArray();

    public async Task OverwriteAsync(string blobName, byte[] content) =>
        await Container.GetBlobClient(blobName).UploadAsync(new BinaryData(content), overwrite: true, Cancel);
}
