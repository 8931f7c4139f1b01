using System.Text.RegularExpressions;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// Fails at startup, naming the option and the provider, when an OrleansHa blob store cannot work as
/// configured.
/// </summary>
public sealed partial class AzureBlobStorageOptionsValidator<TOptions>(TOptions options, string name) : IConfigurationValidator
    where TOptions : AzureBlobStorageOptions
{
    public void ValidateConfiguration()
    {
        var prefix = $"{typeof(TOptions).Name} of '{name}'";
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString == (options.ServiceUri is not null))
        {
            throw new OrleansConfigurationException(
                $"{prefix}: set exactly one of {nameof(AzureBlobStorageOptions.ConnectionString)} and " +
                $"{nameof(AzureBlobStorageOptions.ServiceUri)} (with {nameof(AzureBlobStorageOptions.TokenCredential)}).");
        }

        if (options.ServiceUri is not null && options.TokenCredential is null)
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(AzureBlobStorageOptions.ServiceUri)} is set, so set " +
                $"{nameof(AzureBlobStorageOptions.TokenCredential)} too, e.g. a DefaultAzureCredential.");
        }

        if (options.ContainerName is null || !ContainerNamePattern().IsMatch(options.ContainerName))
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(AzureBlobStorageOptions.ContainerName)} '{options.ContainerName}' is not a valid " +
                "container name: use 3 to 63 lowercase letters, digits and single hyphens, starting and ending " +
                "with a letter or digit.");
        }

        if (options.ClientOptions is null)
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(AzureBlobStorageOptions.ClientOptions)} is null; leave it at its default or " +
                "give a BlobClientOptions.");
        }

        if (options is AzureBlobArtifactStoreOptions { MaxArtifactBytes: <= 0 } artifacts)
        {
            throw new OrleansConfigurationException(
                $"{prefix}: {nameof(AzureBlobArtifactStoreOptions.MaxArtifactBytes)} is {artifacts.MaxArtifactBytes}; " +
                "give a positive number of bytes.");
        }
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerNamePattern();
}
