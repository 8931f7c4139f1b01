using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Leadership;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Hosting;
using OrleansHa.ZooKeeper.Leadership;
using OrleansHa.ZooKeeper.Membership;
using OrleansHa.ZooKeeper.Tests.Client;
using OrleansHa.ZooKeeper.Tests.Membership;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Leadership;

/// <summary>
/// One process's leader info services for a cluster id, registered as <c>UseZooKeeperLeaderInfo</c> registers
/// them, with every log entry captured and the shared session's client at hand for raw znode access.
/// </summary>
internal sealed class ZooKeeperLeaderInfoServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public ZooKeeperLeaderInfoServices(string connectionString, string clusterId, TimeSpan? sessionTimeout = null)
    {
        var services = ZooKeeperMembershipServices.NewServices(connectionString, clusterId, Logs, options =>
        {
            options.SessionTimeout = sessionTimeout ?? TestClients.DefaultSessionTimeout;
            options.ConnectTimeout = TestClients.ConnectTimeout;
        });
        services.AddZooKeeperLeaderInfo();
        _provider = ZooKeeperMembershipServices.Build(services);
    }

    public CapturingLoggerFactory Logs { get; } = new();

    public ILeaderInfoPublisher Publisher => _provider.GetRequiredService<ILeaderInfoPublisher>();

    public ILeaderInfoRetriever Retriever => _provider.GetRequiredService<ILeaderInfoRetriever>();

    public string LeaderPath => _provider.GetRequiredService<ZooKeeperLeaderNode>().Path;

    /// <summary>The session the publisher and retriever use (the same one membership would use).</summary>
    public Task<IZooKeeperClient> ClientAsync() =>
        _provider.GetRequiredService<ZooKeeperClusteringSession>().GetClientAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
