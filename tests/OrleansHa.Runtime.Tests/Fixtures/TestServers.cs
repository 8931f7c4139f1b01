using OrleansHa.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(OrleansHa.Runtime.Tests.Fixtures.TestServers))]

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>The run's ZooKeeper server and Azurite, reachable from the cluster helpers that are not given them.</summary>
public sealed class TestServers : ClusterServers
{
    private static TestServers? _current;

    public static TestServers Current =>
        _current ?? throw new InvalidOperationException("The test servers start with the test assembly; none are running.");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _current = this;
    }

    public override async ValueTask DisposeAsync()
    {
        _current = null;
        await base.DisposeAsync();
    }
}
