using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Options;
using OrleansHa.Storage;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.Layout;
using OrleansHa.Testing.Azurite;
using OrleansHa.Testing.Cluster;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// An in-process Orleans cluster running the job runtime as production does: membership and the leader
/// znode on ZooKeeper, every HA store on Azurite, each cluster under a cluster id of its own.
/// </summary>
public sealed class RuntimeCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private readonly InProcessHaCluster _cluster;

    private RuntimeCluster(InProcessHaCluster cluster, int slotsPerSilo, AzuriteServer azurite)
    {
        _cluster = cluster;
        SlotsPerSilo = slotsPerSilo;
        Azurite = azurite;
        Layout = new HaStorageLayout(cluster.ClusterId);
    }

    public InProcessTestCluster Cluster => _cluster.Cluster;

    public int SlotsPerSilo { get; }

    public string ClusterId => _cluster.ClusterId;

    public AzuriteServer Azurite { get; }

    /// <summary>Where this cluster's data lives in the container.</summary>
    public HaStorageLayout Layout { get; }

    public IClusterClient Client => _cluster.Client;

    public IJobManagerGrain Leader => _cluster.Leader;

    /// <summary>The services of a live silo, to reach the same stores the silos use.</summary>
    public IServiceProvider SiloServices => _cluster.SiloServices;

    public ICheckpointPayloadStore Payloads => SiloServices.GetRequiredService<ICheckpointPayloadStore>();

    /// <param name="azurite">An Azurite of the test's own (one it stops and starts); the shared one otherwise.</param>
    /// <param name="zooKeeper">The connection string of a ZooKeeper ensemble of the test's own; the shared server otherwise.</param>
    /// <param name="configureSilo">Anything else of the silos, applied last (e.g. a store wrapped to observe it).</param>
    /// <param name="configureClient">Anything else of the client (e.g. its gateway list wrapped to steer it).</param>
    public static async Task<RuntimeCluster> StartAsync(
        int silos, int slotsPerSilo, Action<OrleansHaOptions>? configure = null, AzuriteServer? azurite = null, string? zooKeeper = null,
        Action<ISiloBuilder>? configureSilo = null, Action<IClientBuilder>? configureClient = null)
    {
        var servers = TestServers.Current;
        azurite ??= servers.Azurite;
        var fileLog = FileLoggerProvider.FromEnvironment();
        var cluster = await InProcessHaCluster.StartAsync(
            silos,
            zooKeeper ?? servers.ZooKeeper.ConnectionString,
            azurite.ConnectionString,
            options =>
            {
                options.TaskExecutor.Slots = slotsPerSilo;
                options.MaxParallelism = 64;
                options.MembershipCheckInterval = TimeSpan.FromMilliseconds(100);
                options.SubtaskCancellationTimeout = TimeSpan.FromSeconds(5);
                configure?.Invoke(options);
            },
            silo =>
            {
                if (fileLog is not null)
                {
                    silo.Services.AddLogging(logging => logging.AddProvider(fileLog).SetMinimumLevel(LogLevel.Debug));
                }

                // A killed silo is declared dead within a few seconds rather than the production default.
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                    o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
                });
                configureSilo?.Invoke(silo);
            },
            configureClient);
        var runtime = new RuntimeCluster(cluster, slotsPerSilo, azurite);
        await runtime.WaitForSlotsAsync(silos * slotsPerSilo);
        return runtime;
    }

    /// <summary>The blob container every store of the cluster writes to.</summary>
    public BlobContainerClient Container => new(Azurite.ConnectionString, AzureBlobStorageOptions.DefaultContainerName);

    /// <summary>The names of the cluster's blobs under <paramref name="prefix"/>, read from Azurite.</summary>
    public async Task<IReadOnlyList<string>> ListBlobNamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>The checkpoints of the job that have payloads in storage, in ascending order.</summary>
    public async Task<IReadOnlyList<long>> StoredCheckpointIdsAsync(JobId jobId)
    {
        var prefix = Layout.CheckpointsPrefix(jobId);
        var names = await ListBlobNamesAsync(prefix);
        return [.. names.Select(n => long.Parse(n[prefix.Length..n.IndexOf('/', prefix.Length)], CultureInfo.InvariantCulture)).Distinct().Order()];
    }

    /// <summary>A subtask's payload of a retained checkpoint: inline in the checkpoint grain, else from the payload store.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadPayloadAsync(JobId jobId, long checkpointId, int subtask)
    {
        var inline = await Client.GetGrain<Checkpoints.ICheckpointStoreGrain>(jobId.Value).GetInlinePayloadsAsync(checkpointId);
        return inline.TryGetValue(subtask, out var payload) ? payload : await Payloads.GetAsync(jobId, checkpointId, subtask);
    }

    public IJobMasterGrain Job(JobId jobId) => Client.GetGrain<IJobMasterGrain>(jobId.Value);

    public Task<JobId> SubmitAsync(JobSpec spec, params JobArtifactFile[] files) => Leader.SubmitAsync(spec, files);

    public async Task WaitForSlotsAsync(int totalSlots, int usedSlots = -1)
    {
        await Eventually.ThatAsync(
            async () =>
            {
                var slots = await Leader.GetClusterSlotsAsync();
                return slots.TotalSlots == totalSlots && (usedSlots < 0 || slots.UsedSlots == usedSlots);
            },
            $"the leader's slot table to hold {totalSlots} slots ({usedSlots} used)");
    }

    public async Task<JobDetails> WaitForStatusAsync(JobId jobId, params JobStatus[] statuses)
    {
        JobDetails? details = null;
        await Eventually.ThatAsync(
            async () =>
            {
                details = await Job(jobId).GetDetailsAsync();
                return statuses.Contains(details.Status);
            },
            $"job {jobId} to reach {string.Join(" or ", statuses)}",
            () => $"last seen: {details}");
        return details!;
    }

    public async Task<JobResult> WaitForResultAsync(JobId jobId)
    {
        var details = await WaitForStatusAsync(jobId, JobStatus.Finished, JobStatus.Failed, JobStatus.Canceled);
        return details.Result!;
    }

    /// <summary>Waits until storage holds nothing of the job but its history record (or nothing at all).</summary>
    public async Task WaitUntilCleanedAsync(JobId jobId, bool historyKept = true)
    {
        IReadOnlyList<string> left = [];
        IReadOnlyList<string> expected = historyKept ? [Layout.History(jobId)] : [];
        await Eventually.ThatAsync(
            async () =>
            {
                left = [.. (await ListBlobNamesAsync(Layout.ClusterPrefix)).Where(n => n.Contains(jobId.Value, StringComparison.Ordinal))];
                return left.SequenceEqual(expected);
            },
            historyKept ? $"job {jobId} to be cleaned, leaving only its history record" : $"job {jobId} to be cleaned, leaving nothing",
            () => string.Join(", ", left));
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
