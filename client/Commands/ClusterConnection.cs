using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansHa.Client;
using OrleansHa.Hosting;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Hosting;

namespace OrleansHa.Cli.Commands;

/// <summary>
/// An Orleans client to the cluster named on the command line: <c>--zookeeper host:port,...</c> for a real
/// cluster (under <c>--zookeeper-root</c>, the silos' <c>ZooKeeper:RootPath</c>), or <c>--gateway port</c> for a
/// silo on this machine (the embedded default listens on 30000).
/// </summary>
internal static class ClusterConnection
{
    public static async Task<IHost> ConnectAsync(CommandArguments args, CancellationToken cancellationToken)
    {
        var clusterId = args.Option("--cluster-id") ?? "default";
        var zooKeeper = args.Option("--zookeeper");
        var zooKeeperRoot = args.Option("--zookeeper-root") ?? ZooKeeperClusteringOptions.DefaultRootPath;
        var gatewayText = args.Option("--gateway") ?? "30000";
        if (!int.TryParse(gatewayText, out var gateway) || gateway is < 1 or > 65535)
        {
            throw new CliUsageException($"--gateway is '{gatewayText}': give the silo's gateway port, e.g. 30000");
        }

        var timeout = TimeSpan.FromSeconds(int.TryParse(args.Option("--timeout"), out var seconds) && seconds > 0 ? seconds : 10);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var host = Build(zooKeeper, zooKeeperRoot, gateway, clusterId, timeout);
            try
            {
                await host.StartAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
                return host;
            }
            catch (OrleansConfigurationException exception)
            {
                // A bad option, such as a relative --zookeeper-root, does not get better by trying again.
                host.Dispose();
                throw new CliUsageException($"{exception.Message} (--zookeeper sets its ConnectionString, --zookeeper-root its RootPath)");
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                host.Dispose();
                if (DateTime.UtcNow + RetryDelay >= deadline)
                {
                    var where = zooKeeper is not null ? $"ZooKeeper {zooKeeper}, root {zooKeeperRoot}, cluster '{clusterId}'" : $"gateway 127.0.0.1:{gateway}";
                    throw new ClusterUnavailableException("connect", timeout, new InvalidOperationException($"no silo answered at {where}", exception));
                }

                // The silos may still be starting.
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private static IHost Build(string? zooKeeper, string zooKeeperRoot, int gateway, string clusterId, TimeSpan timeout)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (zooKeeper is not null)
            {
                client.UseZooKeeperClustering(o =>
                {
                    o.ConnectionString = zooKeeper;
                    o.RootPath = zooKeeperRoot;
                });
                client.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
            }
            else
            {
                client.UseLocalhostClustering(gateway, serviceId: clusterId, clusterId: clusterId);
            }
        });
        builder.Services.AddOrleansHaClient(o => o.RetryTimeout = timeout);
        return builder.Build();
    }
}
