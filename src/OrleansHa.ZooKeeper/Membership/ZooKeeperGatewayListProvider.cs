using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>
/// Tells Orleans clients where the gateways are: the proxy endpoints of the Active rows of the membership table.
/// </summary>
internal sealed class ZooKeeperGatewayListProvider(
    ZooKeeperClusteringSession session,
    ZooKeeperMembershipTable table,
    IOptions<GatewayOptions> gatewayOptions,
    ILogger<ZooKeeperGatewayListProvider> logger) : IGatewayListProvider
{
    public TimeSpan MaxStaleness { get; } = gatewayOptions.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    /// <summary>Opens the session, so that an unreachable ensemble fails the client start within the connect timeout.</summary>
    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) =>
        session.GetClientAsync(cancellationToken);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        MembershipTableData snapshot;
        try
        {
            snapshot = await table.ReadAllAsync(cancellationToken);
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperErrorCode.NoNode)
        {
            logger.GatewayTableMissing(table.Paths.TablePath);
            return [];
        }

        return snapshot.Members
            .Select(row => row.Item1)
            .Where(entry => entry.Status == SiloStatus.Active && entry.ProxyPort != 0)
            .Select(entry => SiloAddress.New(entry.SiloAddress.Endpoint.Address, entry.ProxyPort, entry.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
