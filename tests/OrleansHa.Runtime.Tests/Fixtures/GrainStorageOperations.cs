using System.Diagnostics.Metrics;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// Counts the requests the blob grain storage sends while it is alive (every silo of the process), by
/// operation: a read of an absent state counts as a read.
/// </summary>
public sealed class GrainStorageOperations : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _reads;
    private long _writes;
    private long _deletes;

    public GrainStorageOperations()
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
            string? store = null, operation = null;
            foreach (var tag in tags)
            {
                store = tag.Key == "store" ? tag.Value as string : store;
                operation = tag.Key == "operation" ? tag.Value as string : operation;
            }

            if (store != StorageOperationTags.Stores.GrainStorage)
            {
                return;
            }

            switch (operation)
            {
                case StorageOperationTags.Operations.Read: Interlocked.Add(ref _reads, value); break;
                case StorageOperationTags.Operations.Write: Interlocked.Add(ref _writes, value); break;
                case StorageOperationTags.Operations.Delete: Interlocked.Add(ref _deletes, value); break;
            }
        });
        _listener.Start();
    }

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public long Deletes => Interlocked.Read(ref _deletes);

    public void Dispose() => _listener.Dispose();
}
