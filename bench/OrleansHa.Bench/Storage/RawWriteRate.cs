using System.Diagnostics;
using Azure.Storage.Blobs;

namespace OrleansHa.Bench.Storage;

/// <summary>The raw conditional blob writes/s an Azurite serves: the ceiling the job figures are set beside.</summary>
internal static class RawWriteRate
{
    private const int Writers = 32;

    public static async Task<double> MeasureAsync(string connectionString, TimeSpan duration, CancellationToken cancellationToken)
    {
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient("raw-write-rate");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var writers = Enumerable.Range(0, Writers).Select(i => new RawSdkCounterClient(container.GetBlobClient($"writer-{i}"))).ToList();
        long writes = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(writers.Select(async writer =>
        {
            while (clock.Elapsed < duration)
            {
                await writer.WriteNextAsync(cancellationToken);
                Interlocked.Increment(ref writes);
            }
        }));
        var rate = writes / clock.Elapsed.TotalSeconds;
        await container.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return rate;
    }
}
