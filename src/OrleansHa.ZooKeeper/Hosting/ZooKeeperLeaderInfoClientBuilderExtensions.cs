namespace OrleansHa.ZooKeeper.Hosting;

public static class ZooKeeperLeaderInfoClientBuilderExtensions
{
    /// <summary>
    /// Finds the leader info (<see cref="OrleansHa.Leadership.ILeaderInfoRetriever"/>) in the leader znode, over
    /// the client's ZooKeeper clustering session; clients read it and never publish.
    /// </summary>
    /// <example><c>clientBuilder.UseZooKeeperClustering(options => options.ConnectionString = "zk1:2181").UseZooKeeperLeaderInfo()</c></example>
    public static IClientBuilder UseZooKeeperLeaderInfo(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddZooKeeperLeaderInfoRetriever();
        return builder;
    }
}
