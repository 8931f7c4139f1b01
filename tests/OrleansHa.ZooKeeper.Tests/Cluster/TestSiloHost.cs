using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansHa.ZooKeeper.Hosting;

namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>One silo on ZooKeeper clustering, run in a process of its own by <see cref="TestSiloProcess"/>.</summary>
internal static class TestSiloHost
{
    public const string Verb = "--orleansha-test-silo";

    /// <summary>The line the silo prints once it has joined the cluster.</summary>
    public const string StartedLine = "#### SILO STARTED";

    public static IEnumerable<string> Arguments(
        string connectionString, string clusterId, string siloName, int siloPort, int gatewayPort) =>
    [
        Verb, connectionString, clusterId, siloName,
        siloPort.ToString(CultureInfo.InvariantCulture),
        gatewayPort.ToString(CultureInfo.InvariantCulture),
        Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var (connectionString, clusterId, siloName) = (args[0], args[1], args[2]);
        var siloPort = int.Parse(args[3], CultureInfo.InvariantCulture);
        var gatewayPort = int.Parse(args[4], CultureInfo.InvariantCulture);
        var parentProcessId = int.Parse(args[5], CultureInfo.InvariantCulture);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging
            .AddSimpleConsole(console => console.TimestampFormat = "HH:mm:ss.fff ")
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Orleans.Runtime.MembershipService", LogLevel.Information)
            .AddFilter("OrleansHa", LogLevel.Information);
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = TestClusterSettings.ServiceId;
            })
            .Configure<SiloOptions>(options => options.SiloName = siloName)
            .Configure<ClusterMembershipOptions>(TestClusterSettings.ConfigureFastFailureDetection)
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
            .UseZooKeeperClustering(options => options.ConnectionString = connectionString));

        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine(StartedLine);
        await Task.WhenAny(host.WaitForShutdownAsync(), ParentExitedAsync(parentProcessId));
        await host.StopAsync();
        return 0;
    }

    /// <summary>Completes when the test process is gone, so that no silo outlives a crashed test run.</summary>
    private static async Task ParentExitedAsync(int processId)
    {
        while (IsRunning(processId))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
