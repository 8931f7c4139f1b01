using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Messaging;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Membership;

namespace OrleansHa.ZooKeeper.Hosting;

public static class ZooKeeperClusteringClientBuilderExtensions
{
    /// <summary>Finds the cluster's gateways in the membership table the silos keep in ZooKeeper.</summary>
    /// <example><c>clientBuilder.UseZooKeeperClustering(options => options.ConnectionString = "zk1:2181,zk2:2181,zk3:2181")</c></example>
    public static IClientBuilder UseZooKeeperClustering(this IClientBuilder builder, Action<ZooKeeperClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseZooKeeperClustering(optionsBuilder => optionsBuilder.Configure(configureOptions));
    }

    /// <summary>Finds the cluster's gateways in ZooKeeper, with options bound or validated through an options builder.</summary>
    public static IClientBuilder UseZooKeeperClustering(
        this IClientBuilder builder, Action<OptionsBuilder<ZooKeeperClusteringOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddOptions<ZooKeeperClusteringOptions>());
        builder.Services
            .AddZooKeeperClustering()
            .AddSingleton<IGatewayListProvider, ZooKeeperGatewayListProvider>();
        return builder;
    }
}
