using OrleansHa.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(OrleansHa.EndToEnd.Tests.Fixtures.EndToEndServers))]

// Each test runs three silo processes; two tests at once would starve each other on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace OrleansHa.EndToEnd.Tests.Fixtures;

/// <summary>The run's ZooKeeper server and Azurite, shared by the tests' silo-process clusters.</summary>
public sealed class EndToEndServers : ClusterServers;
