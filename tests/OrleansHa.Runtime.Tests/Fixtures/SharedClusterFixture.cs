using Xunit;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>One 3-silo cluster with 2 slots per silo, shared by the tests that leave it as they found it.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public const int Silos = 3;
    public const int SlotsPerSilo = 2;

    public RuntimeCluster Runtime { get; private set; } = null!;

    // Its leader never changes, and its periodic epoch read would land in the storage counts some tests take.
    public async ValueTask InitializeAsync() =>
        Runtime = await RuntimeCluster.StartAsync(Silos, SlotsPerSilo, o => o.Leadership.EpochCheckInterval = TimeSpan.FromHours(1));

    public async ValueTask DisposeAsync() => await Runtime.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "runtime cluster";
}
