using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Messaging;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// Wraps the client's gateway list provider so a test can hide gateways from the client while their silos
/// stay alive. At its next refresh the client closes its connections to gateways the list no longer holds,
/// which is how a client leaves a gateway in production when the list briefly misses a silo that restarted.
/// </summary>
public sealed class SteeredGatewayList
{
    /// <summary>How often the client reads the list: often, so a test waits a second for a change to land.</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    private volatile IReadOnlySet<int>? _visiblePorts;
    private long _reads;

    /// <summary>Registers the wrapper over the provider already registered (call after UseZooKeeperClustering).</summary>
    public void Install(IClientBuilder client)
    {
        var inner = client.Services.Last(d => d.ServiceType == typeof(IGatewayListProvider));
        client.Services.Remove(inner);
        client.Services.AddSingleton<IGatewayListProvider>(sp => new Provider(this, Create(sp, inner)));
        client.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = RefreshPeriod);
    }

    /// <summary>From now on the client sees only the gateways listening on <paramref name="ports"/>.</summary>
    public void ShowOnly(params int[] ports) => _visiblePorts = ports.ToHashSet();

    /// <summary>Waits until the client has read the list twice since now, so a change made before has reached it.</summary>
    public async Task WaitForTwoRefreshesAsync()
    {
        var since = Interlocked.Read(ref _reads);
        await Eventually.ThatAsync(
            () => Task.FromResult(Interlocked.Read(ref _reads) >= since + 2),
            "the client to read its gateway list twice",
            patience: RefreshPeriod * 20);
    }

    private static IGatewayListProvider Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationFactory is { } factory
            ? (IGatewayListProvider)factory(services)
            : (IGatewayListProvider)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

    private sealed class Provider(SteeredGatewayList owner, IGatewayListProvider inner) : IGatewayListProvider
    {
        public TimeSpan MaxStaleness => inner.MaxStaleness;

        public bool IsUpdatable => true;

        public Task InitializeGatewayListProvider() => inner.InitializeGatewayListProvider();

        public async Task<IList<Uri>> GetGateways()
        {
            var gateways = await inner.GetGateways();
            var visible = owner._visiblePorts;
            Interlocked.Increment(ref owner._reads);
            return visible is null ? gateways : gateways.Where(g => visible.Contains(g.Port)).ToList();
        }
    }
}
