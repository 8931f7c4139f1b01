namespace OrleansHa.ZooKeeper.Hosting;

public static class ZooKeeperLeaderInfoSiloBuilderExtensions
{
    /// <summary>
    /// Publishes and finds the leader info as the ephemeral znode <c>&lt;root&gt;/&lt;cluster-id&gt;/leader</c>,
    /// over the session and options of <see cref="ZooKeeperClusteringSiloBuilderExtensions.UseZooKeeperClustering(ISiloBuilder, Action{Configuration.ZooKeeperClusteringOptions})"/>.
    /// A separate call, so that a silo on ZooKeeper clustering may keep its leader info elsewhere.
    /// </summary>
    /// <example><c>siloBuilder.UseZooKeeperClustering(options => options.ConnectionString = "zk1:2181").UseZooKeeperLeaderInfo()</c></example>
    public static ISiloBuilder UseZooKeeperLeaderInfo(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddZooKeeperLeaderInfo();
        return builder;
    }
}
