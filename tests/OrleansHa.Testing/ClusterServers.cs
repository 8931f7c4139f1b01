using OrleansHa.Testing.Azurite;
using OrleansHa.Testing.ZooKeeper;
using Xunit;

namespace OrleansHa.Testing;

/// <summary>
/// The servers an OrleansHa cluster needs, one of each for a whole test assembly (an xunit assembly fixture):
/// a ZooKeeper server and Azurite, on free 127.0.0.1 ports in temporary folders. Each test cluster keeps apart
/// from the others by its own cluster id (its own znodes and blob prefix).
/// </summary>
public class ClusterServers : IAsyncLifetime
{
    public ZooKeeperEnsemble ZooKeeper { get; private set; } = null!;

    public AzuriteServer Azurite { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
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
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
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
