using OrleansHa.Testing;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>One ZooKeeper server and one Azurite on free loopback ports (the tests' fixture), stopped when the benchmark ends.</summary>
internal sealed class BenchServers : ClusterServers
{
    public static async Task<BenchServers> StartAsync(TextWriter output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        output.WriteLine("starting ZooKeeper and Azurite ...");
        var servers = new BenchServers();
        await servers.InitializeAsync();
        return servers;
    }

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.#} GiB, " +
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
