using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Testing.Diagnostics;

/// <summary>Counts the storage operations a backend's meter reports while it is alive, by "store/operation/outcome".</summary>
public sealed class StorageOperationRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public StorageOperationRecorder(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Name == StorageOperationTags.CounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? store = null, operation = null, outcome = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "store": store = tag.Value as string; break;
                    case "operation": operation = tag.Value as string; break;
                    case "outcome": outcome = tag.Value as string; break;
                }
            }

            _counts.AddOrUpdate($"{store}/{operation}/{outcome}", value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long Total => _counts.Values.Sum();

    public long this[string store, string operation, string outcome = StorageOperationTags.Outcomes.Success] =>
        _counts.GetValueOrDefault($"{store}/{operation}/{outcome}");

    /// <summary>The operations of one kind on one store, whatever their outcome.</summary>
    public long CountAnyOutcome(string store, string operation) =>
        _counts.Where(c => c.Key.StartsWith($"{store}/{operation}/", StringComparison.Ordinal)).Sum(c => c.Value);

    public void Reset() => _counts.Clear();

    public override string ToString() => string.Join(", ", _counts.Select(c => $"{c.Key}={c.Value}"));

    public void Dispose() => _listener.Dispose();
}
