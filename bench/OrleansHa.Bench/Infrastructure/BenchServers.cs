using OrleansHa.Testing.Azurite;
using OrleansHa.Testing.ZooKeeper;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>One ZooKeeper server and one Azurite on free loopback ports, stopped when the benchmark ends.</summary>
internal sealed class BenchServers : IAsyncDisposable
{
    private BenchServers(ZooKeeperEnsemble zooKeeper, AzuriteServer azurite)
    {
        ZooKeeper = zooKeeper;
        Azurite = azurite;
    }

    public ZooKeeperEnsemble ZooKeeper { get; }

    public AzuriteServer Azurite { get; }

    public static async Task<BenchServers> StartAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("starting ZooKeeper and Azurite ...");
        var zooKeeper = await ZooKeeperEnsemble.StartAsync(1, cancellationToken);
        try
        {
            return new BenchServers(zooKeeper, await AzuriteServer.StartAsync(cancellationToken));
        }
        catch
        {
            await zooKeeper.DisposeAsync();
            throw;
        }
    }

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.#} GiB, " +
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public async ValueTask DisposeAsync()
    {
        await ZooKeeper.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
