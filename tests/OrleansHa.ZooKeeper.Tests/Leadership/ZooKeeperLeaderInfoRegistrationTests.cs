using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Leadership;
using OrleansHa.ZooKeeper.Hosting;
using OrleansHa.ZooKeeper.Leadership;
using OrleansHa.ZooKeeper.Membership;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Leadership;

/// <summary>UseZooKeeperLeaderInfo adds the leader znode over the clustering session: no second session per process.</summary>
public sealed class ZooKeeperLeaderInfoRegistrationTests
{
    [Fact]
    public void Silo_UseZooKeeperLeaderInfo_RegistersPublisherAndRetrieverOnTheClusteringSession()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options => options.ClusterId = "registration")
            .UseZooKeeperClustering(options => options.ConnectionString = "127.0.0.1:2181")
            .UseZooKeeperLeaderInfo());
        using var host = builder.Build();

        Assert.IsType<ZooKeeperLeaderInfoPublisher>(host.Services.GetRequiredService<ILeaderInfoPublisher>());
        Assert.IsType<ZooKeeperLeaderInfoRetriever>(host.Services.GetRequiredService<ILeaderInfoRetriever>());
        Assert.Single(host.Services.GetServices<ZooKeeperClusteringSession>());
        Assert.Equal("/orleansha/registration/leader", host.Services.GetRequiredService<ZooKeeperLeaderNode>().Path);
    }

    [Fact]
    public void Client_UseZooKeeperLeaderInfo_RegistersOnlyTheRetriever()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options => options.ClusterId = "registration")
            .UseZooKeeperClustering(options => options.ConnectionString = "127.0.0.1:2181")
            .UseZooKeeperLeaderInfo());
        using var host = builder.Build();

        Assert.IsType<ZooKeeperLeaderInfoRetriever>(host.Services.GetRequiredService<ILeaderInfoRetriever>());
        Assert.Null(host.Services.GetService<ILeaderInfoPublisher>());
    }
}
