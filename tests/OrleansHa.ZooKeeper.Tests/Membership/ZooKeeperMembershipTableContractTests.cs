using OrleansHa.ZooKeeper.Tests.Client;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>The membership-table contract against a real standalone ZooKeeper server.</summary>
public sealed class ZooKeeperMembershipTableContractTests(StandaloneZooKeeperFixture zooKeeper)
    : MembershipTableContractTests, IClassFixture<StandaloneZooKeeperFixture>
{
    protected override Task<MembershipTableUnderTest> CreateAsync(string clusterId)
    {
        var services = new ZooKeeperMembershipServices(zooKeeper.ConnectionString, clusterId);
        return Task.FromResult(new MembershipTableUnderTest(services.Table, services.Gateways, services));
    }
}
