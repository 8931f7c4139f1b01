using OrleansHa.Testing.Azurite;
using OrleansHa.Testing.ZooKeeper;
using Xunit;

[assembly: AssemblyFixture(typeof(OrleansHa.Runtime.Tests.Fixtures.TestServers))]

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// One ZooKeeper server and one Azurite for the whole test run, on free 127.0.0.1 ports in temporary folders;
/// each test cluster keeps apart from the others by its own cluster id (its own znodes and blob prefix).
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private static TestServers? _current;

    public static TestServers Current =>
        _current ?? throw new InvalidOperationException("The test servers start with the test assembly; none are running.");

    public ZooKeeperEnsemble ZooKeeper { get; private set; } = null!;

    public AzuriteServer Azurite { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var zooKeeper = ZooKeeperEnsemble.StartAsync(1);
        var azurite = AzuriteServer.StartAsync();
        try
        {
            await Task.WhenAll(zooKeeper, azurite);
        }
        catch
        {
            // A server that did start is stopped; the error names the one that did not (and its install command).
            ZooKeeper = zooKeeper.IsCompletedSuccessfully ? zooKeeper.Result : null!;
            Azurite = azurite.IsCompletedSuccessfully ? azurite.Result : null!;
            await DisposeAsync();
            throw;
        }

        ZooKeeper = zooKeeper.Result;
        Azurite = azurite.Result;
        _current = this;
    }

    public async ValueTask DisposeAsync()
    {
        _current = null;
        if (ZooKeeper is not null)
        {
            await ZooKeeper.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}
