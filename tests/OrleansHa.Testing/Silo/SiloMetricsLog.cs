using System.Text;
using OrleansHa.Runtime.Diagnostics;

namespace OrleansHa.Testing.Silo;

/// <summary>
/// Reads the metrics a silo process writes to its log when started with <c>--OrleansHa:MetricsLogPeriod</c>:
/// the totals since the process started, so a restarted silo counts from zero again.
/// </summary>
public static class SiloMetricsLog
{
    private const string Marker = "[3500] Metrics: ";

    // The metrics line is a few kilobytes and written every period, so the last 64 KB nearly always hold
    // one; a benchmark polls this every few milliseconds, on the cores the silos run on.
    private static readonly int[] TailSizes = [64 << 10, 1 << 20];

    /// <summary>The last totals the log holds, or <see cref="MetricsSnapshot.Empty"/> before the first were written.</summary>
    public static MetricsSnapshot ReadLatest(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return MetricsSnapshot.Empty;
        }

        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        foreach (var tailSize in TailSizes)
        {
            if (LatestIn(stream, tailSize) is { } latest)
            {
                return latest;
            }

            if (stream.Length <= tailSize)
            {
                break;
            }
        }

        return MetricsSnapshot.Empty;
    }

    private static MetricsSnapshot? LatestIn(FileStream stream, int tailSize)
    {
        stream.Seek(Math.Max(0, stream.Length - tailSize), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var lines = reader.ReadToEnd().Split('\n');

        // The last line may be half written; a metrics line is only taken once its newline follows it.
        for (var i = lines.Length - 2; i >= 0; i--)
        {
            var at = lines[i].IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return MetricsSnapshot.Parse(lines[i][(at + Marker.Length)..].TrimEnd('\r'));
            }
        }

        return null;
    }
}
