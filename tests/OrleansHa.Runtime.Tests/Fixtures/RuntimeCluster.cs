using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansHa.Grains;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Testing.Azurite;
using OrleansHa.Testing.ZooKeeper;
using OrleansHa.ZooKeeper.Hosting;
using Xunit;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// An in-process Orleans cluster running the job runtime as a real deployment does: membership in a ZooKeeper
/// server and every HA store in an Azurite, both started for this cluster on free loopback ports and stopped
/// with it.
/// </summary>
public sealed class RuntimeCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private RuntimeCluster(InProcessTestCluster cluster, int slotsPerSilo, ZooKeeperEnsemble zooKeeper, AzuriteServer azurite)
    {
        Cluster = cluster;
        SlotsPerSilo = slotsPerSilo;
        ZooKeeper = zooKeeper;
        Azurite = azurite;
        Blobs = new StoredBlobs(azurite.ConnectionString, cluster.Options.ClusterId);
    }

    public InProcessTestCluster Cluster { get; }

    public int SlotsPerSilo { get; }

    /// <summary>The standalone ZooKeeper server that holds the cluster's membership.</summary>
    public ZooKeeperEnsemble ZooKeeper { get; }

    /// <summary>The Azurite that holds the grain states and the HA stores.</summary>
    public AzuriteServer Azurite { get; }

    /// <summary>What the silos stored, read straight from the container.</summary>
    public StoredBlobs Blobs { get; }

    public IClusterClient Client => Cluster.Client;

    public IJobManagerGrain Leader => Client.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);

    public static async Task<RuntimeCluster> StartAsync(int silos, int slotsPerSilo)
    {
        var (zooKeeper, azurite) = await StartServersAsync();
        InProcessTestCluster cluster;
        try
        {
            cluster = await DeployAsync(silos, slotsPerSilo, zooKeeper.ConnectionString, azurite.ConnectionString);
        }
        catch
        {
            await StopServersAsync(zooKeeper, azurite);
            throw;
        }

        var runtime = new RuntimeCluster(cluster, slotsPerSilo, zooKeeper, azurite);
        try
        {
            await runtime.WaitForSlotsAsync(silos * slotsPerSilo);
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }

        return runtime;
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
        try
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
        finally
        {
            await StopServersAsync(ZooKeeper, Azurite);
        }
    }

    private static async Task<(ZooKeeperEnsemble ZooKeeper, AzuriteServer Azurite)> StartServersAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        var zooKeeper = ZooKeeperEnsemble.StartAsync(1, cancel);
        var azurite = AzuriteServer.StartAsync(cancel);
        try
        {
            await Task.WhenAll(zooKeeper, azurite);
        }
        catch
        {
            await StopServersAsync(
                zooKeeper.IsCompletedSuccessfully ? zooKeeper.Result : null,
                azurite.IsCompletedSuccessfully ? azurite.Result : null);
            throw;
        }

        return (zooKeeper.Result, azurite.Result);
    }

    private static async Task StopServersAsync(ZooKeeperEnsemble? zooKeeper, AzuriteServer? azurite)
    {
        if (zooKeeper is not null)
        {
            await zooKeeper.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>
    /// Turns off the in-process cluster's own membership table and gateway list, which it would register after
    /// ours (and so in place of ZooKeeper's). Orleans 10.4 keeps this option internal, hence reflection.
    /// </summary>
    private static void UseOwnMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterMembership", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException(
                "InProcessTestClusterOptions.UseTestClusterMembership is gone from this Orleans version: find how it " +
                "now lets silos use their own membership table (ZooKeeper here).");
        property.SetValue(options, false);
    }

    private static async Task<InProcessTestCluster> DeployAsync(
        int silos, int slotsPerSilo, string zooKeeperConnectionString, string azuriteConnectionString)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        UseOwnMembership(builder.Options);

        // Orleans' default directory loses the entries a killed silo held, so a call after the kill can start a
        // second activation of a grain that still lives elsewhere (the leader, a job). The distributed
        // directory recovers them from the surviving silos, as the test cluster's shared directory did.
#pragma warning disable ORLEANSEXP003
        builder.Options.UseDistributedGrainDirectory = true;
#pragma warning restore ORLEANSEXP003
        builder.Options.ClusterId = $"runtime-{Guid.NewGuid():N}";
        var fileLog = FileLoggerProvider.FromEnvironment();
        builder.ConfigureSilo((_, silo) =>
        {
            if (fileLog is not null)
            {
                silo.Services.AddLogging(logging => logging.AddProvider(fileLog).SetMinimumLevel(LogLevel.Debug));
            }

            silo.UseZooKeeperClustering(o => o.ConnectionString = zooKeeperConnectionString);
            silo.AddAzureBlobHaStorage(o => o.ConnectionString = azuriteConnectionString);
            silo.AddOrleansHa(options =>
            {
                options.TaskExecutor.Slots = slotsPerSilo;
                options.MaxParallelism = 64;
                options.MembershipCheckInterval = TimeSpan.FromMilliseconds(100);
                options.SubtaskCancellationTimeout = TimeSpan.FromSeconds(5);
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
        builder.ConfigureClient(client => client
            .UseZooKeeperClustering(o => o.ConnectionString = zooKeeperConnectionString)
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1)));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }
}
