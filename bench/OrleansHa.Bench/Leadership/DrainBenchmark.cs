using System.Diagnostics;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Bench.Infrastructure;
using Orleans.Storage;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Storage;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.Layout;
using OrleansHa.Testing.Cluster;

namespace OrleansHa.Bench.Leadership;

/// <summary>
/// Leaves N trivial jobs as a leader that died after their dirty entries would (job grain state, history
/// record, dirty JobResultStore entry), wakes the cleanup grain, and measures the time until none is dirty.
/// </summary>
internal static class DrainBenchmark
{
    private const int WriteConcurrency = 64;

    public static async Task RunAsync(TextWriter output, int entries, CancellationToken cancellationToken)
    {
        await using var servers = await BenchServers.StartAsync(output, cancellationToken);
        await using var cluster = await InProcessHaCluster.StartAsync(
            3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString, o => o.TaskExecutor.Slots = 2);
        var resultStore = cluster.SiloServices.GetRequiredService<IJobResultStore>();
        var history = cluster.SiloServices.GetRequiredService<IJobHistoryStore>();
        var grainStorage = cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa);
        foreach (var chunk in Enumerable.Range(0, entries).Chunk(WriteConcurrency))
        {
            await Task.WhenAll(chunk.Select(async _ =>
            {
                var spec = FailoverBenchmark.TrivialJob();
                var state = new GrainState<JobGrainState>(new JobGrainState { Spec = spec, Status = JobStatus.Created, Attempt = 1 });
                await grainStorage.WriteStateAsync("job", GrainId.Create(JobGrain.GrainTypeName, spec.JobId.Value), state);
                var result = new JobResult(spec.JobId, JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.FromSeconds(1), null);
                await history.PutAsync(result, cancellationToken);
                await resultStore.CreateDirtyResultAsync(result, cancellationToken);
            }));
        }

        output.WriteLine($"{entries} dirty entries written; waking the cleanup grain ...");
        var started = Stopwatch.GetTimestamp();
        await cluster.Client.GetGrain<ICleanupGrain>(ICleanupGrain.Key).WakeAsync();

        // Polled by listing names only: reading every entry on each poll would load Azurite more than the drain.
        var container = new BlobContainerClient(servers.Azurite.ConnectionString, AzureBlobStorageOptions.DefaultContainerName);
        var prefix = new HaStorageLayout(cluster.ClusterId).JobResultStorePrefix;
        while (await container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AnyAsync(cancellationToken))
        {
            await Task.Delay(100, cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"machine: {BenchServers.Machine}");
        output.WriteLine($"{entries} dirty JobResultStore entries drained in {elapsed.TotalMilliseconds:0} ms ({entries / elapsed.TotalSeconds:0} entries/s)");
    }
}
