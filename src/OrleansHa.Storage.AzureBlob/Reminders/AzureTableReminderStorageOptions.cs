using Azure.Core;
using Azure.Data.Tables;

namespace OrleansHa.Storage.AzureBlob.Reminders;

/// <summary>
/// Where the reminder table lives: the account (a connection string, or a table service URI with a token
/// credential), the table name, and the SDK client options whose retry policy bounds how long a reminder
/// operation keeps trying before it fails with <see cref="StorageUnavailableException"/>. The service id that
/// keeps clusters apart in one table is Orleans' <c>ClusterOptions.ServiceId</c>.
/// </summary>
public sealed class AzureTableReminderStorageOptions
{
    public const string DefaultTableName = "OrleansHaReminders";

    /// <summary>A storage account connection string, e.g. Azurite's. Set it or <see cref="TableServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table service URI, e.g. https://account.table.core.windows.net, used with <see cref="TokenCredential"/>.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The identity to reach <see cref="TableServiceUri"/> with, e.g. a managed identity.</summary>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>The table, created at silo start when it is missing.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// The Azure SDK client options. By default 3 retries with exponential delay from 0.5 s and 30 s per
    /// attempt; lower them to fail faster while the account is unreachable.
    /// </summary>
    public TableClientOptions ClientOptions { get; set; } = CreateDefaultClientOptions();

    internal TableServiceClient CreateServiceClient() =>
        ConnectionString is { Length: > 0 } connectionString
            ? new TableServiceClient(connectionString, ClientOptions)
            : new TableServiceClient(TableServiceUri, TokenCredential, ClientOptions);

    private static TableClientOptions CreateDefaultClientOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }
}
