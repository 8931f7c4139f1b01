using System.Text.RegularExpressions;

namespace OrleansHa.Storage.AzureBlob.Reminders;

/// <summary>Fails at silo start, naming the option, when the reminder table cannot work as configured.</summary>
public sealed partial class AzureTableReminderStorageOptionsValidator(AzureTableReminderStorageOptions options)
    : IConfigurationValidator
{
    private const string Prefix = nameof(AzureTableReminderStorageOptions);

    public void ValidateConfiguration()
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString == (options.TableServiceUri is not null))
        {
            throw new OrleansConfigurationException(
                $"{Prefix}: set exactly one of {nameof(AzureTableReminderStorageOptions.ConnectionString)} and " +
                $"{nameof(AzureTableReminderStorageOptions.TableServiceUri)} (with " +
                $"{nameof(AzureTableReminderStorageOptions.TokenCredential)}).");
        }

        if (options.TableServiceUri is not null && options.TokenCredential is null)
        {
            throw new OrleansConfigurationException(
                $"{Prefix}: {nameof(AzureTableReminderStorageOptions.TableServiceUri)} is set, so set " +
                $"{nameof(AzureTableReminderStorageOptions.TokenCredential)} too, e.g. a DefaultAzureCredential.");
        }

        if (options.TableName is null || !TableNamePattern().IsMatch(options.TableName))
        {
            throw new OrleansConfigurationException(
                $"{Prefix}: {nameof(AzureTableReminderStorageOptions.TableName)} '{options.TableName}' is not a valid " +
                "table name: use 3 to 63 letters and digits, starting with a letter.");
        }

        if (options.ClientOptions is null)
        {
            throw new OrleansConfigurationException(
                $"{Prefix}: {nameof(AzureTableReminderStorageOptions.ClientOptions)} is null; leave it at its " +
                "default or give a TableClientOptions.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
