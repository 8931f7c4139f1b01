using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Membership;

namespace OrleansHa.ZooKeeper.Hosting;

/// <summary>The registrations silos and clients share; the builder extensions add the role-specific provider.</summary>
internal static class ZooKeeperClusteringServiceCollectionExtensions
{
    public static IServiceCollection AddZooKeeperClustering(this IServiceCollection services)
    {
        services.AddOptions<ZooKeeperClusteringOptions>();
        services.TryAddSingleton<IZooKeeperClientFactory, ZooKeeperClientFactory>();

        // One session per silo or client, shared by everything that clusters through it.
        services.TryAddSingleton<ZooKeeperClusteringSession>();
        services.TryAddSingleton<ZooKeeperMembershipTable>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationValidator, ZooKeeperClusteringOptionsValidator>());
        return services;
    }
}
