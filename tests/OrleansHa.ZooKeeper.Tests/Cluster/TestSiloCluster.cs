using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansHa.Testing;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Hosting;
using OrleansHa.ZooKeeper.Tests.Membership;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>
/// Silo processes on ZooKeeper clustering under one fresh cluster id, an Orleans client whose only clustering is
/// ZooKeeper, and a membership table of the test's own to watch what the silos write.
/// </summary>
internal sealed class TestSiloCluster : IAsyncDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly string _connectionString;
    private readonly string _directory = RepositoryPaths.NewTemporaryDirectory("silos");
    private readonly List<TestSiloProcess> _processes = [];
    private IHost? _client;

    private TestSiloCluster(string connectionString)
    {
        _connectionString = connectionString;
        Membership = new ZooKeeperMembershipServices(connectionString, ClusterId);
    }

    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    public ZooKeeperMembershipServices Membership { get; }

    public IServiceProvider ClientServices => _client?.Services ?? throw new InvalidOperationException("No client started.");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<TestSiloCluster> CreateAsync(string connectionString)
    {
        var cluster = new TestSiloCluster(connectionString);
        await cluster.Membership.Table.InitializeMembershipTableAsync(true, Cancel);
        return cluster;
    }

    /// <summary>Starts silo processes named silo1..siloN and waits until each has an Active row.</summary>
    public async Task<(List<TestSiloProcess> Silos, Dictionary<string, SiloAddress> Addresses)> StartSilosAsync(int count)
    {
        var silos = Enumerable.Range(1, count).Select(i => StartSilo($"silo{i}", FreePorts.Take(2))).ToList();
        return (silos, await WaitForActiveAsync(silos, previous: null));
    }

    public TestSiloProcess StartSilo(string name, int[] ports)
    {
        var process = TestSiloProcess.Start(_directory, _connectionString, ClusterId, name, ports[0], ports[1]);
        _processes.Add(process);
        return process;
    }

    /// <summary>Waits until each silo has an Active row (a new one, other than <paramref name="previous"/>).</summary>
    public async Task<Dictionary<string, SiloAddress>> WaitForActiveAsync(IReadOnlyList<TestSiloProcess> silos, SiloAddress? previous)
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

    public async Task<MembershipTableData> WaitUntilTableAsync(Func<MembershipTableData, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            MembershipTableData table;
            try
            {
                table = await Membership.Table.ReadAllAsync(Cancel);
            }
            catch (ZooKeeperException e) when (e.IsTransient && deadline.Elapsed < timeout)
            {
                // The test's own session rides out an ensemble leader change like the silos' sessions do.
                await Task.Delay(50, Cancel);
                continue;
            }

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

    public async Task StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = ClusterId;
                options.ServiceId = TestClusterSettings.ServiceId;
            })
            .Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1))
            .Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10))
            .UseZooKeeperClustering(options => options.ConnectionString = _connectionString));
        _client = builder.Build();
        await _client.StartAsync(Cancel);
    }

    /// <summary>Calls twenty probe grains and returns the silos that answered; a failed call is retried until a deadline.</summary>
    public async Task<HashSet<string>> CallProbeGrainsAsync()
    {
        var grains = ClientServices.GetRequiredService<IClusterClient>();
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

        await Membership.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still held by a dying process; the temporary folder is cleaned by the OS later.
        }
    }

    private static IEnumerable<SiloAddress> ActiveRows(MembershipTableData table, string name, SiloAddress? previous) =>
        table.Members
            .Where(row => row.Item1.SiloName == name && row.Item1.Status == SiloStatus.Active && !row.Item1.SiloAddress.Equals(previous))
            .Select(row => row.Item1.SiloAddress);
}
