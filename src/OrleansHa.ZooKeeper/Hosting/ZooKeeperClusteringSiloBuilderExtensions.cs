using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Membership;

namespace OrleansHa.ZooKeeper.Hosting;

public static class ZooKeeperClusteringSiloBuilderExtensions
{
    /// <summary>Keeps the silo's cluster membership in ZooKeeper.</summary>
    /// <example><c>siloBuilder.UseZooKeeperClustering(options => options.ConnectionString = "zk1:2181,zk2:2181,zk3:2181")</c></example>
    public static ISiloBuilder UseZooKeeperClustering(this ISiloBuilder builder, Action<ZooKeeperClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseZooKeeperClustering(optionsBuilder => optionsBuilder.Configure(configureOptions));
    }

    /// <summary>Keeps the silo's cluster membership in ZooKeeper, with options bound or validated through an options builder.</summary>
    /// <example><c>siloBuilder.UseZooKeeperClustering(options => options.BindConfiguration("ZooKeeper"))</c></example>
    public static ISiloBuilder UseZooKeeperClustering(
        this ISiloBuilder builder, Action<OptionsBuilder<ZooKeeperClusteringOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddOptions<ZooKeeperClusteringOptions>());
        builder.Services
            .AddZooKeeperClustering()
            .AddSingleton<IMembershipTable>(services => services.GetRequiredService<ZooKeeperMembershipTable>());
        return builder;
    }
}
