using System.Globalization;
using System.Reflection;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansHa.Grains;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Options;
using OrleansHa.Storage;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.Layout;
using OrleansHa.Testing.Azurite;
using OrleansHa.ZooKeeper.Hosting;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// An in-process Orleans cluster running the job runtime as production does: membership and the leader
/// znode on ZooKeeper, every HA store on Azurite, each cluster under a cluster id of its own.
/// </summary>
public sealed class RuntimeCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private RuntimeCluster(InProcessTestCluster cluster, int slotsPerSilo, string clusterId, AzuriteServer azurite)
    {
        Cluster = cluster;
        SlotsPerSilo = slotsPerSilo;
        ClusterId = clusterId;
        Azurite = azurite;
        Layout = new HaStorageLayout(clusterId);
    }

    public InProcessTestCluster Cluster { get; }

    public int SlotsPerSilo { get; }

    public string ClusterId { get; }

    public AzuriteServer Azurite { get; }

    /// <summary>Where this cluster's data lives in the container.</summary>
    public HaStorageLayout Layout { get; }

    public IClusterClient Client => Cluster.Client;

    public IJobManagerGrain Leader => Client.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);

    /// <summary>The services of a live silo, to reach the same stores the silos use.</summary>
    public IServiceProvider SiloServices => Cluster.Silos.First(s => s.IsActive).ServiceProvider;

    public ICheckpointPayloadStore Payloads => SiloServices.GetRequiredService<ICheckpointPayloadStore>();

    /// <param name="azurite">An Azurite of the test's own (one it stops and starts); the shared one otherwise.</param>
    /// <param name="zooKeeper">The connection string of a ZooKeeper ensemble of the test's own; the shared server otherwise.</param>
    public static async Task<RuntimeCluster> StartAsync(
        int silos, int slotsPerSilo, Action<OrleansHaOptions>? configure = null, AzuriteServer? azurite = null, string? zooKeeper = null)
    {
        var servers = TestServers.Current;
        azurite ??= servers.Azurite;
        zooKeeper ??= servers.ZooKeeper.ConnectionString;
        var builder = new InProcessTestClusterBuilder((short)silos);
        var clusterId = "rt-" + Guid.NewGuid().ToString("N")[..12];
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = clusterId;
        UseProductionMembership(builder.Options);
        var fileLog = FileLoggerProvider.FromEnvironment();
        builder.ConfigureSilo((_, silo) =>
        {
            if (fileLog is not null)
            {
                silo.Services.AddLogging(logging => logging.AddProvider(fileLog).SetMinimumLevel(LogLevel.Debug));
            }

            silo.UseZooKeeperClustering(o => o.ConnectionString = zooKeeper);
            silo.UseZooKeeperLeaderInfo();
            silo.AddAzureBlobHaStorage(o => o.ConnectionString = azurite.ConnectionString);
            silo.AddOrleansHa(options =>
            {
                options.TaskExecutor.Slots = slotsPerSilo;
                options.MaxParallelism = 64;
                options.MembershipCheckInterval = TimeSpan.FromMilliseconds(100);
                options.SubtaskCancellationTimeout = TimeSpan.FromSeconds(5);
                configure?.Invoke(options);
            });

            // A killed silo is declared dead within a few seconds rather than the production default.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
        });
        builder.ConfigureClient(client => client.UseZooKeeperClustering(o => o.ConnectionString = zooKeeper));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var runtime = new RuntimeCluster(cluster, slotsPerSilo, clusterId, azurite);
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

    /// <summary>
    /// Turns off the test cluster's in-memory membership so the silos use the ZooKeeper membership they are
    /// configured with. Orleans 10.4 keeps this switch internal (later versions make it public).
    /// </summary>
    private static void UseProductionMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterMembership", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership is gone: see how this Orleans version turns off test membership.");
        property.SetValue(options, false);
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

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
