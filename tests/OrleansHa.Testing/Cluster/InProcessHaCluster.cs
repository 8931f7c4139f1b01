using System.Reflection;
using Orleans.TestingHost;
using OrleansHa.Grains;
using OrleansHa.Hosting;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Runtime.Options;
using OrleansHa.Storage.AzureBlob.Reminders;
using OrleansHa.ZooKeeper.Hosting;

namespace OrleansHa.Testing.Cluster;

/// <summary>
/// Silos in one process that run OrleansHa as production does: membership and the leader znode on
/// ZooKeeper, every HA store on Azure Blob (Azurite), a cluster id of their own. The tests and the benchmark
/// harness share it.
/// </summary>
public sealed class InProcessHaCluster : IAsyncDisposable
{
    private InProcessHaCluster(InProcessTestCluster cluster, string clusterId)
    {
        Cluster = cluster;
        ClusterId = clusterId;
    }

    public InProcessTestCluster Cluster { get; }

    public string ClusterId { get; }

    public IClusterClient Client => Cluster.Client;

    public IJobManagerGrain Leader => Client.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);

    /// <summary>The services of a live silo, to reach the same stores the silos use.</summary>
    public IServiceProvider SiloServices => Cluster.Silos.First(s => s.IsActive).ServiceProvider;

    /// <param name="silos">How many silos to start.</param>
    /// <param name="zooKeeper">The ZooKeeper connection string.</param>
    /// <param name="azurite">The Azure Storage connection string.</param>
    /// <param name="configureRuntime">Runtime options on top of the production defaults.</param>
    /// <param name="configureSilo">Anything else of the silos, applied last (e.g. faster failure detection, logging).</param>
    /// <param name="configureClient">Anything else of the client, applied after its ZooKeeper gateway list.</param>
    public static async Task<InProcessHaCluster> StartAsync(
        int silos, string zooKeeper, string azurite,
        Action<OrleansHaOptions>? configureRuntime = null, Action<ISiloBuilder>? configureSilo = null,
        Action<IClientBuilder>? configureClient = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        var clusterId = "ha-" + Guid.NewGuid().ToString("N")[..12];
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = clusterId;
        UseConfiguredMembership(builder.Options);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseZooKeeperClustering(o => o.ConnectionString = zooKeeper);
            silo.UseZooKeeperLeaderInfo();
            silo.AddAzureBlobHaStorage(o => o.ConnectionString = azurite);
            silo.UseAzureTableReminderService((AzureTableReminderStorageOptions o) => o.ConnectionString = azurite);
            silo.AddOrleansHa(options => configureRuntime?.Invoke(options));
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client =>
        {
            client.UseZooKeeperClustering(o => o.ConnectionString = zooKeeper);
            configureClient?.Invoke(client);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new InProcessHaCluster(cluster, clusterId);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>
    /// Turns off the test cluster's in-memory membership so the silos use the ZooKeeper membership they are
    /// configured with. Orleans 10.4 keeps this switch internal (later versions make it public).
    /// </summary>
    private static void UseConfiguredMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(
            "UseTestClusterMembership", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException(
                "InProcessTestClusterOptions.UseTestClusterMembership is gone: see how this Orleans version turns off test membership.");
        property.SetValue(options, false);
    }
}
