using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansHa.Runtime.Diagnostics;

/// <summary>Totals what every OrleansHa meter in the process reports while it listens (counters and histograms).</summary>
internal sealed class MetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counters = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, long>> _histograms = new();

    public MetricsListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("OrleansHa.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _counters.AddOrUpdate(MetricsSnapshot.KeyOf(instrument.Name, tags.ToArray()), value, (_, total) => total + value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            _histograms.GetOrAdd(instrument.Name, _ => new()).AddOrUpdate(MetricsSnapshot.BucketOf(value), 1, (_, count) => count + 1));
        _listener.Start();
    }

    public MetricsSnapshot Snapshot() => new(
        _counters.ToDictionary(),
        _histograms.ToDictionary(h => h.Key, h => (IReadOnlyDictionary<int, long>)h.Value.ToDictionary()));

    public void Dispose() => _listener.Dispose();
}
