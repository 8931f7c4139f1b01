using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Testing.Azurite;

namespace OrleansHa.Bench.Storage;

/// <summary>
/// Azurite alone, no OrleansHa: conditional creates, reads and deletes per second as the emulator holds more
/// blobs. Sets the floor under the drain and the 10x job figures, which work in tens of thousands of blobs:
/// Azurite 3.37 keeps blob metadata in LokiJS, whose remove rebuilds the blob collection's four indexes, so
/// a delete costs in proportion to every blob the emulator holds, in every container. LokiJS also saves its
/// whole database to disk every 5 s when it changed, on the emulator's one thread: the paced reads after
/// each step show that stall, which also grows with the blobs held.
/// </summary>
internal static class AzuriteScalingBenchmark
{
    private const int Concurrency = 32;
    private const int Sample = 500;

    // Longer than LokiJS' autosave period (5 s), so one save falls inside the window.
    private static readonly TimeSpan PacedWindow = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan PacedInterval = TimeSpan.FromMilliseconds(5);
    private static readonly BinaryData Payload = BinaryData.FromString(new string('x', 300));

    public static async Task RunAsync(TextWriter output, int maxBlobs, CancellationToken cancellationToken)
    {
        output.WriteLine("starting Azurite ...");
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken);
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("scaling");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"{Concurrency} concurrent requests, {Sample} of each kind per step, {Payload.ToMemory().Length}-byte blobs, one container");
        output.WriteLine($"then one read at a time every {PacedInterval.TotalMilliseconds:0} ms for {PacedWindow.TotalSeconds:0} s, its latency");
        output.WriteLine("| blobs held | creates/s | reads/s | deletes/s | paced read p50 / p99 / max |");
        output.WriteLine("|---|---|---|---|---|");
        var held = 0;
        foreach (var step in Steps(maxBlobs))
        {
            await RunConcurrentlyAsync(Enumerable.Range(held, step - held), i => CreateAsync(container, i, cancellationToken));
            held = step;

            // Measured at this size: creates of new blobs, reads of random ones, deletes of those just created.
            var creates = await RateAsync(Enumerable.Range(held, Sample), i => CreateAsync(container, i, cancellationToken));
            var random = new Random(held);
            var reads = await RateAsync(Enumerable.Range(0, Sample).Select(_ => random.Next(held)), i => container.GetBlobClient(Name(i)).DownloadContentAsync(cancellationToken));
            var deletes = await RateAsync(Enumerable.Range(held, Sample), i => container.GetBlobClient(Name(i)).DeleteAsync(cancellationToken: cancellationToken));
            var paced = await PacedReadsAsync(container, held, cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {held:N0} | {creates:0} | {reads:0} | {deletes:0} | {paced.Percentile(0.5):0.0} / {paced.Percentile(0.99):0.0} / {paced.Percentile(1):0} ms |"));
        }
    }

    /// <summary>Reads random blobs one at a time, a pause between them, for longer than one autosave period.</summary>
    private static async Task<Samples> PacedReadsAsync(BlobContainerClient container, int held, CancellationToken cancellationToken)
    {
        var latencies = new Samples("paced read", "ms");
        var random = new Random(-held);
        var window = Stopwatch.StartNew();
        while (window.Elapsed < PacedWindow)
        {
            var call = Stopwatch.GetTimestamp();
            await container.GetBlobClient(Name(random.Next(held))).DownloadContentAsync(cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(call).TotalMilliseconds);
            await Task.Delay(PacedInterval, cancellationToken);
        }

        return latencies;
    }

    private static IEnumerable<int> Steps(int maxBlobs)
    {
        foreach (var step in new[] { 1_000, 5_000, 10_000, 20_000, 30_000, 50_000 }.Where(s => s < maxBlobs))
        {
            yield return step;
        }

        yield return maxBlobs;
    }

    private static Task CreateAsync(BlobContainerClient container, int i, CancellationToken cancellationToken) =>
        container.GetBlobClient(Name(i)).UploadAsync(Payload, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);

    private static string Name(int i) => $"blob/{i:D7}";

    private static async Task<double> RateAsync(IEnumerable<int> items, Func<int, Task> request)
    {
        var clock = Stopwatch.StartNew();
        await RunConcurrentlyAsync(items, request);
        return Sample / clock.Elapsed.TotalSeconds;
    }

    private static Task RunConcurrentlyAsync(IEnumerable<int> items, Func<int, Task> request) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) => await request(i));
}
