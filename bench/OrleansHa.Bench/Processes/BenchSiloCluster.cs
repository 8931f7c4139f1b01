using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Bench.Leadership;
using OrleansHa.Grains;
using OrleansHa.Testing.Silo;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// Three silo processes (the silo host as deployed) on one ZooKeeper server and Azurite, and a client, ready
/// once every silo's task executor has registered with the leader.
/// </summary>
internal sealed class BenchSiloCluster : IAsyncDisposable
{
    private BenchSiloCluster(BenchServers servers, SiloProcessCluster silos, IHost host)
    {
        Servers = servers;
        Silos = silos;
        Host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public BenchServers Servers { get; }

    public SiloProcessCluster Silos { get; }

    public IHost Host { get; }

    public IClusterClient Client { get; }

    public IJobManagerGrain Leader => Client.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);

    public static async Task<BenchSiloCluster> StartAsync(TextWriter output, int slotsPerSilo, CancellationToken cancellationToken)
    {
        var servers = await BenchServers.StartAsync(output, cancellationToken);
        output.WriteLine("starting three silo processes ...");
        var silos = SiloProcessCluster.Start(3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString, $"--OrleansHa:TaskExecutor:Slots={slotsPerSilo}");
        var cluster = new BenchSiloCluster(servers, silos, await silos.ConnectClientAsync(cancellationToken: cancellationToken));
        await cluster.WaitForExecutorsAsync(cancellationToken);
        return cluster;
    }

    public Task WaitForExecutorsAsync(CancellationToken cancellationToken) =>
        FailoverBenchmark.RetryUntilAsync(async () => (await Leader.GetClusterSlotsAsync()).Executors.Count == Silos.Silos.Count, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        Silos.Dispose();
        await Servers.DisposeAsync();
    }
}
