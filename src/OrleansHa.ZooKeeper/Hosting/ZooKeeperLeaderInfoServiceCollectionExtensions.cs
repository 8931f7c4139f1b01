using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.Leadership;
using OrleansHa.ZooKeeper.Leadership;

namespace OrleansHa.ZooKeeper.Hosting;

/// <summary>The leader znode's registrations, over the clustering session (one ZooKeeper session per process).</summary>
internal static class ZooKeeperLeaderInfoServiceCollectionExtensions
{
    public static IServiceCollection AddZooKeeperLeaderInfoRetriever(this IServiceCollection services)
    {
        services.AddZooKeeperClustering();
        services.TryAddSingleton<ZooKeeperLeaderNode>();
        services.TryAddSingleton<ZooKeeperLeaderInfoRetriever>();
        services.TryAddSingleton<ILeaderInfoRetriever>(sp => sp.GetRequiredService<ZooKeeperLeaderInfoRetriever>());
        return services;
    }

    public static IServiceCollection AddZooKeeperLeaderInfo(this IServiceCollection services)
    {
        services.AddZooKeeperLeaderInfoRetriever();
        services.TryAddSingleton<ZooKeeperLeaderInfoPublisher>();
        services.TryAddSingleton<ILeaderInfoPublisher>(sp => sp.GetRequiredService<ZooKeeperLeaderInfoPublisher>());
        return services;
    }
}
