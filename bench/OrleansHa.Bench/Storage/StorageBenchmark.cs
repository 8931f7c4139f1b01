using System.Diagnostics;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Activators;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Testing.Azurite;

namespace OrleansHa.Bench.Storage;

/// <summary>
/// Conditional writes/s and reads/s of <see cref="AzureBlobGrainStorage"/> beside the raw Azure SDK doing the
/// same requests, on one Azurite, in one run. Phases alternate (raw, ours, ours, raw) so drift in the
/// machine's load hits both alike; the ratio ours/raw is the figure. Storage requests per call are counted
/// from the provider's own meter.
/// </summary>
internal static class StorageBenchmark
{
    private const int Grains = 32;
    private const int Rounds = 4;
    private static readonly TimeSpan WritePhase = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan ReadPhase = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("starting Azurite ...");
        await using var azurite = await AzuriteServer.StartAsync(cancellationToken);
        var clusterId = $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var storage = new AzureBlobGrainStorage(
            "bench",
            new AzureBlobGrainStorageOptions
            {
                ConnectionString = azurite.ConnectionString,
                GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(
                    Options.Create(new SystemTextJsonGrainStorageSerializerOptions())),
            },
            clusterId, new NewInstanceActivators(), NullLogger<AzureBlobGrainStorage>.Instance);
        await storage.InitializeAsync(cancellationToken);
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(AzureBlobStorageOptions.DefaultContainerName);

        var ours = Enumerable.Range(0, Grains)
            .Select(i => (ICounterClient)new OrleansHaCounterClient(storage, GrainId.Create("job", $"ours-{i}"))).ToList();
        var raw = Enumerable.Range(0, Grains)
            .Select(i => (ICounterClient)new RawSdkCounterClient(container.GetBlobClient($"{clusterId}/raw/job/raw-{i}/state.json"))).ToList();

        output.WriteLine($"{Grains} grains written concurrently, each one conditional write after another; {Rounds} x {WritePhase.TotalSeconds:0.0} s writes and {Rounds} x {ReadPhase.TotalSeconds:0.0} s reads per contender, alternating");
        await RunPhaseAsync(raw, (c, ct) => c.WriteNextAsync(ct), WarmUp, cancellationToken);
        await RunPhaseAsync(ours, (c, ct) => c.WriteNextAsync(ct), WarmUp, cancellationToken);

        using var requests = new RequestCounter();
        var writes = await CompareAsync(raw, ours, (c, ct) => c.WriteNextAsync(ct), WritePhase, requests, cancellationToken);
        var reads = await CompareAsync(raw, ours, (c, ct) => c.ReadAsync(ct), ReadPhase, requests, cancellationToken);

        output.WriteLine();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} (Azurite is single-threaded: other load moves both columns)");
        output.WriteLine($"{"",-28}{"OrleansHa/s",14}{"raw SDK/s",14}{"ratio",8}");
        output.WriteLine($"{"conditional writes",-28}{writes.Ours.PerSecond,14:0.0}{writes.Raw.PerSecond,14:0.0}{writes.Ours.PerSecond / writes.Raw.PerSecond,8:0.00}");
        output.WriteLine($"{"reads",-28}{reads.Ours.PerSecond,14:0.0}{reads.Raw.PerSecond,14:0.0}{reads.Ours.PerSecond / reads.Raw.PerSecond,8:0.00}");
        output.WriteLine(
            $"storage requests per call (OrleansHa, counted by its meter): write {writes.OursRequests / (double)writes.Ours.Calls:0.00}, " +
            $"read {reads.OursRequests / (double)reads.Ours.Calls:0.00}; errors: {writes.Ours.Errors + reads.Ours.Errors} ours, {writes.Raw.Errors + reads.Raw.Errors} raw");
    }

    private static async Task<Comparison> CompareAsync(
        List<ICounterClient> raw, List<ICounterClient> ours, Func<ICounterClient, CancellationToken, Task> call,
        TimeSpan phase, RequestCounter requests, CancellationToken cancellationToken)
    {
        var rawTotal = new PhaseResult(0, 0, TimeSpan.Zero);
        var oursTotal = new PhaseResult(0, 0, TimeSpan.Zero);
        long oursRequests = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // ABBA: raw first in even rounds, ours first in odd ones, so neither always follows the other.
            if (round % 2 == 0)
            {
                rawTotal += await RunPhaseAsync(raw, call, phase, cancellationToken);
            }

            var before = requests.Total;
            oursTotal += await RunPhaseAsync(ours, call, phase, cancellationToken);
            oursRequests += requests.Total - before;
            if (round % 2 == 1)
            {
                rawTotal += await RunPhaseAsync(raw, call, phase, cancellationToken);
            }
        }

        return new Comparison(oursTotal, rawTotal, oursRequests);
    }

    /// <summary>Every client calls in a loop until the phase ends; returns the calls that completed.</summary>
    private static async Task<PhaseResult> RunPhaseAsync(
        List<ICounterClient> clients, Func<ICounterClient, CancellationToken, Task> call, TimeSpan phase,
        CancellationToken cancellationToken)
    {
        long calls = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async client =>
        {
            while (clock.Elapsed < phase && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await call(client, cancellationToken);
                    Interlocked.Increment(ref calls);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return new PhaseResult(calls, errors, clock.Elapsed);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record PhaseResult(long Calls, long Errors, TimeSpan Elapsed)
    {
        public double PerSecond => Calls / Elapsed.TotalSeconds;

        public static PhaseResult operator +(PhaseResult a, PhaseResult b) =>
            new(a.Calls + b.Calls, a.Errors + b.Errors, a.Elapsed + b.Elapsed);
    }

    private sealed record Comparison(PhaseResult Ours, PhaseResult Raw, long OursRequests);

    private sealed class NewInstanceActivators : IActivatorProvider
    {
        public IActivator<T> GetActivator<T>() => new Activator<T>();

        private sealed class Activator<T> : IActivator<T>
        {
            public T Create() => System.Activator.CreateInstance<T>();
        }
    }
}
