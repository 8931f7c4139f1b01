using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Messaging;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Hosting;
using OrleansHa.ZooKeeper.Membership;
using OrleansHa.ZooKeeper.Tests.Client;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>
/// The ZooKeeper clustering services of one silo and client for a cluster id, registered as the builder
/// extensions register them, with every log entry captured.
/// </summary>
internal sealed class ZooKeeperMembershipServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public ZooKeeperMembershipServices(string connectionString, string clusterId, Action<ZooKeeperClusteringOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(Logs));
        services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = "orleansha-tests";
        });
        services.Configure<ZooKeeperClusteringOptions>(options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
        services.AddZooKeeperClustering().AddSingleton<ZooKeeperGatewayListProvider>();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public CapturingLoggerFactory Logs { get; } = new();

    public ZooKeeperMembershipTable Table => _provider.GetRequiredService<ZooKeeperMembershipTable>();

    public IGatewayListProvider Gateways => _provider.GetRequiredService<ZooKeeperGatewayListProvider>();

    public ZooKeeperMembershipPaths Paths => Table.Paths;

    public IEnumerable<IConfigurationValidator> Validators => _provider.GetServices<IConfigurationValidator>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
