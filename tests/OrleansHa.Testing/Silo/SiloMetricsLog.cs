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

    // The metrics line is a few kilobytes; the tail is enough however long the log grows.
    private const int TailBytes = 1 << 20;

    /// <summary>The last totals the log holds, or <see cref="MetricsSnapshot.Empty"/> before the first were written.</summary>
    public static MetricsSnapshot ReadLatest(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return MetricsSnapshot.Empty;
        }

        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Max(0, stream.Length - TailBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
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

        return MetricsSnapshot.Empty;
    }
}
