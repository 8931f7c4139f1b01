using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>
/// Listens to OrleansHa's own instruments (the runtime's and the storage providers'): counter totals by
/// instrument and <c>store/operation</c> tags, and every value a histogram records.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counters = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _histograms = new();

    public MetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("OrleansHa.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                if (tag.Key is "store" or "operation")
                {
                    key += "/" + tag.Value;
                }
            }

            _counters.AddOrUpdate(key, value, (_, total) => total + value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            _histograms.GetOrAdd(instrument.Name, _ => []).Add(value));
        _listener.Start();
    }

    public long Counter(string name) => _counters.GetValueOrDefault(name);

    /// <summary>The sum of every counter whose name starts with <paramref name="prefix"/>.</summary>
    public long CounterSum(string prefix) => _counters.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value);

    public IReadOnlyDictionary<string, long> Counters(string prefix) =>
        _counters.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(c => c.Key).ToDictionary();

    public IReadOnlyList<double> Values(string histogram) => _histograms.TryGetValue(histogram, out var values) ? [.. values] : [];

    public void Reset()
    {
        _counters.Clear();
        _histograms.Clear();
    }

    public void Dispose() => _listener.Dispose();
}
