using System.Diagnostics.Metrics;
using OrleansHa.Storage.AzureBlob;

namespace OrleansHa.Bench.Storage;

/// <summary>Adds up the storage requests the blob stores report on their meter.</summary>
internal sealed class RequestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public RequestCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AzureBlobStorageInstruments.MeterName
                && instrument.Name == AzureBlobStorageInstruments.OperationsCounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
