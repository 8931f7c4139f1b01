using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Testing;
using OrleansHa.ZooKeeper.Configuration;
using OrleansHa.ZooKeeper.Hosting;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>A silo or client configured for ZooKeeper clustering fails its start, quickly and clearly, on bad input.</summary>
public sealed class ZooKeeperClusteringStartupTests
{
    // Far above the connect timeouts used here: a start that hangs fails the test instead of the run.
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SiloStart_WithMalformedConnectionString_FailsValidationNamingTheOption()
    {
        using var silo = BuildSilo(options => options.ConnectionString = "zookeeper-without-port");

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => silo.StartAsync(Cancel).WaitAsync(StartBound, Cancel));

        Assert.Contains("ZooKeeperClusteringOptions.ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("zookeeper-without-port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiloStart_WithUnreachableZooKeeper_FailsWithinTheConnectTimeoutNamingTheConnectionString()
    {
        var connectionString = $"127.0.0.1:{FreePorts.TakeOne()}";
        using var silo = BuildSilo(options =>
        {
            options.ConnectionString = connectionString;
            options.ConnectTimeout = TimeSpan.FromSeconds(2);
        });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => silo.StartAsync(Cancel).WaitAsync(StartBound, Cancel));

        TestContext.Current.TestOutputHelper?.WriteLine($"silo start failed after {clock.ElapsedMilliseconds} ms: {error.GetType().Name}");
        Assert.IsNotType<TimeoutException>(error);
        Assert.Contains(connectionString, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientStart_WithUnreachableZooKeeper_FailsNamingTheConnectionString()
    {
        var connectionString = $"127.0.0.1:{FreePorts.TakeOne()}";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options => options.ClusterId = "unreachable")
            .UseZooKeeperClustering(options =>
            {
                options.ConnectionString = connectionString;
                options.ConnectTimeout = TimeSpan.FromSeconds(2);
            }));
        using var client = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync(Cancel).WaitAsync(StartBound, Cancel));

        Assert.IsNotType<TimeoutException>(error);
        Assert.Contains(connectionString, error.ToString(), StringComparison.Ordinal);
    }

    private static IHost BuildSilo(Action<ZooKeeperClusteringOptions> configure)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options => options.ClusterId = $"startup-{Guid.NewGuid():N}")
            .ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1])
            .UseZooKeeperClustering(configure));
        return builder.Build();
    }
}
