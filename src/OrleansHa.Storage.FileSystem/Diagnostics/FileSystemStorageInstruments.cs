using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// Counts every file-system operation the stores make (a read, an atomic write, a delete, a rename, a
/// listing), by store, operation kind and outcome. Listen to <see cref="MeterName"/>.
/// </summary>
public static class FileSystemStorageInstruments
{
    public const string MeterName = "OrleansHa.Storage.FileSystem";

    /// <summary>The counter's name; its tags are <c>store</c>, <c>operation</c> and <c>outcome</c>.</summary>
    public const string OperationsCounterName = StorageOperationTags.CounterName;

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Operations = Meter.CreateCounter<long>(
        OperationsCounterName, "{operation}", "Operations on the storage directory.");

    internal static void Count(string store, string operation, string outcome)
    {
        if (Operations.Enabled)
        {
            var tags = new TagList { { "store", store }, { "operation", operation }, { "outcome", outcome } };
            Operations.Add(1, tags);
        }
    }
}
