using OrleansHa.Testing.ZooKeeper;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>One standalone ZooKeeper server shared by the tests of a class.</summary>
public sealed class StandaloneZooKeeperFixture : IAsyncLifetime
{
    private ZooKeeperEnsemble? _ensemble;

    public ZooKeeperEnsemble Ensemble => _ensemble ?? throw new InvalidOperationException("The fixture has not started.");

    public ZooKeeperNode Server => Ensemble.Nodes[0];

    public string ConnectionString => Ensemble.ConnectionString;

    public async ValueTask InitializeAsync() =>
        _ensemble = await ZooKeeperEnsemble.StartAsync(1, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_ensemble is not null)
        {
            await _ensemble.DisposeAsync();
        }
    }
}
