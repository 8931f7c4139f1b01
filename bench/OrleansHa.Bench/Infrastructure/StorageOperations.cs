using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>The storage providers' own operation counts in the silos' metrics, per unit of work.</summary>
internal static class StorageOperations
{
    public static double PerUnit(MetricsSnapshot metrics, int units) => metrics.Counter(StorageOperationTags.CounterName) / (double)units;

    /// <summary>Each store, operation and outcome that occurred, per unit: <c>{operation=read,outcome=success,store=history}=1</c>.</summary>
    public static string Breakdown(MetricsSnapshot metrics, int units) => string.Join(", ",
        metrics.Counters
            .Where(c => c.Key.StartsWith(StorageOperationTags.CounterName + "{", StringComparison.Ordinal) && c.Value > 0)
            .Select(c => $"{c.Key[StorageOperationTags.CounterName.Length..]}={c.Value / (double)units:0.##}"));
}
