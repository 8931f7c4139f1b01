using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using OrleansHa.Hosting;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Storage.AzureBlob.Reminders;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Hosting;

namespace OrleansHa.Silo;

/// <summary>Wires a silo from <see cref="SiloSettings"/>: clustering, HA storage, reminders, leader info, runtime.</summary>
internal static class SiloConfiguration
{
    public static void Apply(ISiloBuilder silo, SiloSettings settings, IConfiguration configuration)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ClusterId;
        });

        if (settings.UsesZooKeeper)
        {
            if (IPAddress.TryParse(settings.Host, out var address))
            {
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort);
            }
            else
            {
                silo.ConfigureEndpoints(settings.Host, settings.SiloPort, settings.GatewayPort);
            }
            // The whole section: ConnectionString, RootPath, SessionTimeout, ConnectTimeout.
            silo.UseZooKeeperClustering((ZooKeeperClusteringOptions o) => configuration.GetSection("ZooKeeper").Bind(o));
            silo.UseZooKeeperLeaderInfo();
        }
        else
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ClusterId, clusterId: settings.ClusterId);
        }

        if (settings.UsesAzureBlob)
        {
            silo.AddAzureBlobHaStorage(o =>
            {
                o.ConnectionString = settings.StorageConnectionString;
                o.DeleteOnCommit = settings.DeleteOnCommit;
            });
            silo.UseAzureTableReminderService((AzureTableReminderStorageOptions o) => o.ConnectionString = settings.StorageConnectionString);
            if (!settings.UsesZooKeeper)
            {
                silo.AddAzureBlobLeaderInfo(o => o.ConnectionString = settings.StorageConnectionString);
            }
        }
        else
        {
            silo.AddFileSystemHaStorage(o =>
            {
                o.RootDirectory = settings.StorageDirectory;
                o.DeleteOnCommit = settings.DeleteOnCommit;
            });
            if (!settings.UsesZooKeeper)
            {
                silo.AddFileSystemLeaderInfo(o => o.RootDirectory = settings.StorageDirectory);
            }

            // In-memory reminders are durable only while one process is the whole cluster.
            silo.UseInMemoryReminderService();
        }

        silo.AddOrleansHa(options => configuration.GetSection("OrleansHa").Bind(options));

        // After AddOrleansHa, so these sections override its failure-detection and gateway client-drop defaults.
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Membership"));
        silo.Configure<SiloMessagingOptions>(configuration.GetSection("Messaging"));
    }
}
