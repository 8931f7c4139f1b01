using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Client;
using OrleansHa.Hosting;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.Layout;
using OrleansHa.ZooKeeper.Hosting;

namespace OrleansHa.Testing.Silo;

/// <summary>
/// Silo host processes forming one cluster on ZooKeeper membership and Azure Blob storage, as an operator
/// runs them: each can be killed (kill -9), shut down (SIGTERM) and restarted on its own ports.
/// </summary>
public sealed class SiloProcessCluster : IDisposable
{
    private readonly SiloProcess[] _silos;

    private SiloProcessCluster(string clusterId, string zooKeeper, string storage, SiloProcess[] silos)
    {
        ClusterId = clusterId;
        ZooKeeperConnectionString = zooKeeper;
        StorageConnectionString = storage;
        _silos = silos;
    }

    public string ClusterId { get; }

    public string ZooKeeperConnectionString { get; }

    public string StorageConnectionString { get; }

    /// <summary>Where the silos keep this cluster's HA data in their blob container (the default one).</summary>
    public HaStorageLayout Layout => new(ClusterId);

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Each silo's log file; a restarted silo goes on writing to the same one.</summary>
    public IEnumerable<string> LogPaths => _silos.Select(s => s.Process.LogPath);

    /// <summary>The options an <c>orleansha</c> command needs to reach this cluster.</summary>
    public IReadOnlyList<string> CliArguments => ["--zookeeper", ZooKeeperConnectionString, "--cluster-id", ClusterId];

    /// <param name="settings">More <c>--Key=value</c> settings for every silo.</param>
    public static SiloProcessCluster Start(int silos, string zooKeeper, string storageConnectionString, params string[] settings)
    {
        var clusterId = $"e2e-{Guid.NewGuid():N}"[..16];
        string[] arguments =
        [
            $"--ClusterId={clusterId}",
            "--Clustering:Provider=ZooKeeper",
            $"--ZooKeeper:ConnectionString={zooKeeper}",
            "--Storage:Provider=AzureBlob",
            $"--Storage:ConnectionString={storageConnectionString}",
            .. settings,
        ];
        return new SiloProcessCluster(clusterId, zooKeeper, storageConnectionString, [.. Enumerable.Range(0, silos).Select(_ => SiloProcess.Start(arguments))]);
    }

    /// <summary>The index of the silo with the address <paramref name="siloAddress"/> (<c>host:port@generation</c>).</summary>
    public int IndexOf(string siloAddress)
    {
        var port = int.Parse(siloAddress.Split('@')[0].Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var index = Array.FindIndex(_silos, s => s.SiloPort == port);
        return index >= 0 ? index : throw new InvalidOperationException($"No silo of this cluster listens on {siloAddress}.");
    }

    /// <summary>Starts the silo at <paramref name="index"/> again after it died or was shut down.</summary>
    public void Restart(int index) => _silos[index] = _silos[index].Restart();

    /// <summary>An Orleans client with the OrleansHa SDK, finding the gateways through ZooKeeper.</summary>
    public async Task<IHost> ConnectClientAsync(Action<JobClientOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleansClient(client =>
            {
                client.UseZooKeeperClustering(o => o.ConnectionString = ZooKeeperConnectionString);
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterId;
                    o.ServiceId = ClusterId;
                });
            });
            builder.Services.AddOrleansHaClient(configure ?? (_ => { }));
            var host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken);
                return host;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                // The silos may still be starting and not yet in the membership table.
                host.Dispose();
                await Task.Delay(500, cancellationToken);
            }
            catch (Exception exception)
            {
                host.Dispose();
                throw new InvalidOperationException($"No silo of cluster {ClusterId} accepted a client: {exception.Message}\n{TailOfLogs()}", exception);
            }
        }
    }

    /// <summary>The addresses of the silos the cluster counts as active, as <c>host:port</c>.</summary>
    public static async Task<IReadOnlyList<SiloAddress>> ActiveSilosAsync(IHost client)
    {
        var management = client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        return [.. hosts.Keys];
    }

    /// <summary>The names of the blobs under <paramref name="prefix"/> (see <see cref="Layout"/>) in the silos' container.</summary>
    public async Task<IReadOnlyList<string>> ListBlobNamesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var container = new BlobContainerClient(StorageConnectionString, AzureBlobStorageOptions.DefaultContainerName);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>
    /// The sum of the metrics every silo last wrote to its log (the silos run with
    /// <c>--OrleansHa:MetricsLogPeriod</c>); a silo restarted since counts from its restart.
    /// </summary>
    public MetricsSnapshot ReadMetrics() => MetricsSnapshot.Sum(LogPaths.Select(SiloMetricsLog.ReadLatest));

    /// <summary>The end of every silo's log, for a failure message.</summary>
    public string TailOfLogs(int lines = 20) =>
        string.Join("\n", _silos.Select((s, i) => $"--- silo {i} (port {s.SiloPort}, pid {s.Process.ProcessId}, {(s.Process.HasExited ? "exited" : "running")}):\n{s.Process.TailOfLog(lines)}"));

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }
    }
}
