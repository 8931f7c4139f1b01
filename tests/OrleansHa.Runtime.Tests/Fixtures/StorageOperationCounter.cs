using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// Counts the requests the blob stores send, by store and operation, from the providers' own metric: what a
/// job costs in storage, measured as production would measure it.
/// </summary>
public sealed class StorageOperationCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Store, string Operation), long> _counts = new();

    public StorageOperationCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AzureBlobStorageInstruments.MeterName &&
                instrument.Name == AzureBlobStorageInstruments.OperationsCounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? store = null;
            string? operation = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "store")
                {
                    store = tag.Value as string;
                }
                else if (tag.Key == "operation")
                {
                    operation = tag.Value as string;
                }
            }

            _counts.AddOrUpdate((store ?? "?", operation ?? "?"), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long this[string store, string operation] => _counts.GetValueOrDefault((store, operation));

    public long Total => _counts.Values.Sum();

    public override string ToString() =>
        string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"{c.Key.Store}/{c.Key.Operation}={c.Value}"));

    public void Dispose() => _listener.Dispose();
}
