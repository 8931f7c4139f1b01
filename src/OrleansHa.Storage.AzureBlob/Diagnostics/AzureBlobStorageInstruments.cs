using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>
/// Counts every request the blob stores send, by store, operation kind and outcome, so a benchmark can
/// count the storage operations a job costs. Listen to <see cref="MeterName"/>.
/// </summary>
public static class AzureBlobStorageInstruments
{
    public const string MeterName = "OrleansHa.Storage.AzureBlob";

    /// <summary>The counter's name; its tags are <c>store</c>, <c>operation</c> and <c>outcome</c>.</summary>
    public const string OperationsCounterName = StorageOperationTags.CounterName;

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Operations = Meter.CreateCounter<long>(
        OperationsCounterName, "{operation}", "Requests sent to Azure Blob storage.");

    internal static void Count(string store, string operation, string outcome)
    {
        if (Operations.Enabled)
        {
            var tags = new TagList { { "store", store }, { "operation", operation }, { "outcome", outcome } };
            Operations.Add(1, tags);
        }
    }
}
