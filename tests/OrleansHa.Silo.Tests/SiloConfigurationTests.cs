using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Runtime.Options;
using OrleansHa.ZooKeeper.Configuration;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>How the silo host turns configuration into options, checked without starting a silo.</summary>
public sealed class SiloConfigurationTests
{
    [Fact]
    public void NoConfiguration_FailureDetectionHasOrleansHaDefaults()
    {
        using var host = Build(new Dictionary<string, string?>());

        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;

        Assert.Equal(FailureDetection.ProbeTimeout, membership.ProbeTimeout);
        Assert.Equal(FailureDetection.NumMissedProbesLimit, membership.NumMissedProbesLimit);
        Assert.Equal(FailureDetection.NumVotesForDeathDeclaration, membership.NumVotesForDeathDeclaration);
    }

    [Fact]
    public void NoConfiguration_GrainDirectoryCacheIsSizedForOrleansHaNotOrleansDefault()
    {
        using var host = Build(new Dictionary<string, string?>());

        var directory = host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;

        // Orleans' default table of a million entries is allocated whole and touched a page per cached address.
        Assert.Equal(GrainDirectoryCache.Size, directory.CacheSize);
        Assert.True(directory.CacheSize < GrainDirectoryOptions.DEFAULT_CACHE_SIZE);
    }

    [Fact]
    public void NoConfiguration_GatewaysDropADisconnectedClientInSecondsNotOrleansMinute()
    {
        using var host = Build(new Dictionary<string, string?>());

        var messaging = host.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value;

        Assert.Equal(GatewayClientDrop.Timeout, messaging.ClientDropTimeout);
        Assert.True(messaging.ClientDropTimeout < new SiloMessagingOptions().ClientDropTimeout);
    }

    [Fact]
    public void NoConfiguration_EachSiloReadsTheReminderTableAsOneRangeNotOrleansThirtyBuckets()
    {
        using var host = Build(new Dictionary<string, string?>());

        var ring = host.Services.GetRequiredService<IOptions<ConsistentRingOptions>>().Value;

        // Orleans' reminder service reads each of a silo's virtual buckets with a query of its own on every join and leave.
        Assert.Equal(ReminderRing.UseVirtualBuckets, ring.UseVirtualBucketsConsistentRing);
        Assert.NotEqual(new ConsistentRingOptions().UseVirtualBucketsConsistentRing, ring.UseVirtualBucketsConsistentRing);
    }

    [Fact]
    public void TheMessagingSection_OverridesTheGatewayClientDrop()
    {
        using var host = Build(new Dictionary<string, string?> { ["Messaging:ClientDropTimeout"] = "00:00:30" });

        var messaging = host.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), messaging.ClientDropTimeout);
    }

    [Fact]
    public void Configuration_OverridesFailureDetectionAndBindsTheRuntimeOptions()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Membership:ProbeTimeout"] = "00:00:03",
            ["Membership:NumMissedProbesLimit"] = "4",
            ["OrleansHa:TaskExecutor:Slots"] = "7",
            ["OrleansHa:Cleanup:Strategy"] = "fixed-delay;attempts=5;delay=00:00:02",
            ["OrleansHa:History:Retention"] = "2.00:00:00",
        });

        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var runtime = host.Services.GetRequiredService<IOptions<OrleansHaOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(3), membership.ProbeTimeout);
        Assert.Equal(4, membership.NumMissedProbesLimit);
        Assert.Equal(7, runtime.TaskExecutor.Slots);
        Assert.Equal(TimeSpan.FromSeconds(2), runtime.Cleanup.Strategy.NextDelay(4));
        Assert.Null(runtime.Cleanup.Strategy.NextDelay(5));
        Assert.Equal(TimeSpan.FromDays(2), runtime.History.Retention);
    }

    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("localhost", "127.0.0.1")]
    public void OnZooKeeper_TheSiloListensAndIsReachedOnlyAtSiloHost(string? host, string expected)
    {
        using var built = Build(new Dictionary<string, string?>
        {
            ["Clustering:Provider"] = "ZooKeeper",
            ["ZooKeeper:ConnectionString"] = "127.0.0.1:2181",
            ["Silo:Host"] = host,
            ["Silo:Port"] = "11112",
            ["Gateway:Port"] = "30002",
        });

        var endpoints = built.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(expected, endpoints.AdvertisedIPAddress.ToString());
        Assert.Equal((11112, 30002), (endpoints.SiloPort, endpoints.GatewayPort));

        // No listening endpoint of their own: Orleans then listens on the advertised address, not on every interface.
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void TheZooKeeperSection_BindsTheWholeClusteringOptions()
    {
        using var built = Build(new Dictionary<string, string?>
        {
            ["Clustering:Provider"] = "ZooKeeper",
            ["ZooKeeper:ConnectionString"] = "zk1:2181,zk2:2181",
            ["ZooKeeper:RootPath"] = "/teams/payments",
            ["ZooKeeper:SessionTimeout"] = "00:00:20",
        });

        var zooKeeper = built.Services.GetRequiredService<IOptions<ZooKeeperClusteringOptions>>().Value;

        Assert.Equal(("zk1:2181,zk2:2181", "/teams/payments", TimeSpan.FromSeconds(20)),
            (zooKeeper.ConnectionString, zooKeeper.RootPath, zooKeeper.SessionTimeout));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void ANonPositiveShutdownTimeout_IsRefusedNamingTheSetting(string timeout)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:ShutdownTimeout"] = timeout })
            .Build();

        var error = Assert.Throws<OrleansConfigurationException>(() => SiloSettings.Read(configuration));

        Assert.Contains("Silo:ShutdownTimeout", error.Message);
    }

    private static IHost Build(IReadOnlyDictionary<string, string?> values)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        var settings = SiloSettings.Read(builder.Configuration);
        builder.UseOrleans(silo => SiloConfiguration.Apply(silo, settings, builder.Configuration));
        return builder.Build();
    }
}
