using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;
using OrleansHa.Testing;
using OrleansHa.ZooKeeper.Hosting;
using OrleansHa.ZooKeeper.Tests.Client;
using OrleansHa.ZooKeeper.Tests.Membership;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>
/// Three silo processes and an Orleans client whose only clustering is ZooKeeper: the cluster forms, the client
/// finds its gateways there, a silo killed with kill -9 is declared dead by the others, and its restart joins again.
/// </summary>
public sealed class ZooKeeperClusterTests(StandaloneZooKeeperFixture zooKeeper)
    : IClassFixture<StandaloneZooKeeperFixture>, IAsyncLifetime
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string _directory = RepositoryPaths.NewTemporaryDirectory("silos");
    private readonly List<TestSiloProcess> _processes = [];
    private ZooKeeperMembershipServices _membership = null!;
    private IHost? _client;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // The test watches the table through a table of its own, as a silo would see it.
        _membership = new ZooKeeperMembershipServices(zooKeeper.ConnectionString, _clusterId);
        await _membership.Table.InitializeMembershipTableAsync(true, Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        if (_client is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.StopAsync(stopping.Token);
            _client.Dispose();
        }

        await _membership.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still held by a dying process; the temporary folder is cleaned by the OS later.
        }
    }

    [Fact]
    public async Task ThreeSilos_FormServeAClientThroughZooKeeper_DeclareAKilledSiloDead_AndTakeItBackOnRestart()
    {
        var silos = Enumerable.Range(1, 3).Select(i => StartSilo($"silo{i}", FreePorts.Take(2))).ToList();
        var joined = await WaitForActiveAsync(silos, previous: null);

        _client = await StartClientAsync();
        var gateways = await _client.Services.GetRequiredService<IGatewayListProvider>().GetGatewaysAsync(Cancel);
        Assert.Equal(silos.Select(s => s.GatewayPort).Order(), gateways.Select(uri => uri.Port).Order());
        var hosts = await CallProbeGrainsAsync();
        Assert.Subset(silos.Select(s => s.Name).ToHashSet(), hosts);

        var victim = silos[1];
        var victimAddress = joined[victim.Name];
        victim.Kill();
        var clock = Stopwatch.StartNew();
        var afterDeath = await WaitUntilTableAsync(
            table => table.Row(victimAddress).Entry.Status == SiloStatus.Dead, DeathTimeout, $"{victim.Name} declared dead");
        var declaredDeadAfter = clock.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kill -9 of {victim.Name} -> Dead in ZooKeeper after {declaredDeadAfter.TotalMilliseconds:0} ms");
        foreach (var survivor in silos.Where(s => s != victim))
        {
            Assert.Equal(SiloStatus.Active, afterDeath.Row(joined[survivor.Name]).Entry.Status);
        }

        Assert.DoesNotContain(victim.Name, await CallProbeGrainsAsync());

        var restarted = StartSilo(victim.Name, [victim.SiloPort, victim.GatewayPort]);
        var rejoined = await WaitForActiveAsync([restarted], previous: victimAddress);
        var final = await _membership.Table.ReadAllAsync(Cancel);
        Assert.True(rejoined[victim.Name].Generation > victimAddress.Generation);
        Assert.Equal(SiloStatus.Dead, final.Row(victimAddress).Entry.Status);
        Assert.Equal(3, final.Members.Count(row => row.Item1.Status == SiloStatus.Active));
        Assert.Subset(silos.Select(s => s.Name).ToHashSet(), await CallProbeGrainsAsync());
    }

    private TestSiloProcess StartSilo(string name, int[] ports)
    {
        var process = TestSiloProcess.Start(_directory, zooKeeper.ConnectionString, _clusterId, name, ports[0], ports[1]);
        _processes.Add(process);
        return process;
    }

    /// <summary>Waits until each silo has an Active row (a new one, other than <paramref name="previous"/>).</summary>
    private async Task<Dictionary<string, SiloAddress>> WaitForActiveAsync(IReadOnlyList<TestSiloProcess> silos, SiloAddress? previous)
    {
        var names = silos.Select(s => s.Name).ToHashSet();
        var table = await WaitUntilTableAsync(
            table =>
            {
                foreach (var silo in silos.Where(s => s.HasExited))
                {
                    throw new InvalidOperationException($"{silo.Name} exited while joining. Its log ends with:\n{silo.TailOfLog()}");
                }

                return names.All(name => ActiveRows(table, name, previous).Any());
            },
            JoinTimeout,
            $"{string.Join(", ", names)} active");
        return names.ToDictionary(name => name, name => ActiveRows(table, name, previous).Single());
    }

    private static IEnumerable<SiloAddress> ActiveRows(MembershipTableData table, string name, SiloAddress? previous) =>
        table.Members
            .Where(row => row.Item1.SiloName == name && row.Item1.Status == SiloStatus.Active && !row.Item1.SiloAddress.Equals(previous))
            .Select(row => row.Item1.SiloAddress);

    private async Task<MembershipTableData> WaitUntilTableAsync(Func<MembershipTableData, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var table = await _membership.Table.ReadAllAsync(Cancel);
            if (condition(table))
            {
                return table;
            }

            if (deadline.Elapsed > timeout)
            {
                var logs = string.Join("\n\n", _processes.Select(p => $"== {p.Name}\n{p.TailOfLog()}"));
                throw new TimeoutException($"Not {what} within {timeout}. Membership: {table}\n{logs}");
            }

            await Task.Delay(50, Cancel);
        }
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = _clusterId;
                options.ServiceId = TestClusterSettings.ServiceId;
            })
            .Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1))
            .Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10))
            .UseZooKeeperClustering(options => options.ConnectionString = zooKeeper.ConnectionString));
        var host = builder.Build();
        await host.StartAsync(Cancel);
        return host;
    }

    /// <summary>Calls twenty probe grains and returns the silos that answered; a call that fails is retried until a deadline.</summary>
    private async Task<HashSet<string>> CallProbeGrainsAsync()
    {
        var grains = _client!.Services.GetRequiredService<IClusterClient>();
        var hosts = new HashSet<string>();
        var deadline = Stopwatch.StartNew();
        for (var key = 0; key < 20; key++)
        {
            while (true)
            {
                try
                {
                    hosts.Add(await grains.GetGrain<IClusterProbeGrain>(key).GetSiloNameAsync());
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException && deadline.Elapsed < CallTimeout)
                {
                    TestContext.Current.TestOutputHelper?.WriteLine($"probe grain {key}: {e.GetType().Name}: {e.Message}; retrying");
                    await Task.Delay(200, Cancel);
                }
            }
        }

        return hosts;
    }
}
