using Azure.Core;
using Azure.Storage.Blobs;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// Where an OrleansHa store keeps its blobs: the account (a connection string, or a service URI with a token
/// credential), the container, and the Azure SDK client options, whose retry policy bounds how long an
/// operation may take while the account is unreachable.
/// </summary>
public class AzureBlobStorageOptions
{
    public const string DefaultContainerName = "orleansha";

    /// <summary>A storage account connection string, e.g. Azurite's. Set it or <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob service URI, e.g. https://account.blob.core.windows.net, used with <see cref="TokenCredential"/>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The identity to reach <see cref="ServiceUri"/> with, e.g. a managed identity.</summary>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>The one container of the cluster; every cluster id has its own prefix inside it.</summary>
    public string ContainerName { get; set; } = DefaultContainerName;

    /// <summary>
    /// The Azure SDK client options. Their <see cref="Azure.Core.ClientOptions.Retry"/> decides how long an
    /// operation keeps trying before it fails with <see cref="StorageUnavailableException"/>: by default 3
    /// retries with exponential delay from 0.5 s, and 30 s per attempt.
    /// </summary>
    public BlobClientOptions ClientOptions { get; set; } = CreateDefaultClientOptions();

    internal BlobServiceClient CreateServiceClient() =>
        ConnectionString is { Length: > 0 } connectionString
            ? new BlobServiceClient(connectionString, ClientOptions)
            : new BlobServiceClient(ServiceUri, TokenCredential, ClientOptions);

    private static BlobClientOptions CreateDefaultClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }
}
