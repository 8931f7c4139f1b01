using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Client;

/// <summary>A client that moved from one gateway to another still gets the answers of every silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewaySwitchTests
{
    // Longer than a healthy call takes, far shorter than Orleans' default client drop (one minute, checked each minute).
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A silo's gateway hands every response meant for a client it has a client state for to that state, even
    /// when the client has closed its connection there and now calls through another gateway; until the
    /// gateway drops the state, the client never sees those responses. In the benchmark of 2026-12-02 this cut
    /// the client off from a new leader for two minutes after a failover.
    /// </summary>
    [Fact]
    public async Task ClientThatLeftAGateway_GetsAnswersFromGrainsOnThatSilo_ThroughAnotherGateway()
    {
        var gateways = new SteeredGatewayList();
        await using var runtime = await RuntimeCluster.StartAsync(silos: 2, slotsPerSilo: 1, configureClient: gateways.Install);
        var left = runtime.Cluster.Silos[0];
        var stayed = runtime.Cluster.Silos[1];
        var executorOnLeft = runtime.Client.GetGrain<ITaskExecutorGrain>(left.SiloAddress.ToParsableString());

        // Through the first gateway only, so that its silo holds a connected client state...
        gateways.ShowOnly(left.GatewayAddress.Endpoint.Port);
        await gateways.WaitForTwoRefreshesAsync();
        await executorOnLeft.GetInfoAsync().WaitAsync(CallTimeout, TestContext.Current.CancellationToken);

        // ...then through the second only: the client closes its connection to the first.
        gateways.ShowOnly(stayed.GatewayAddress.Endpoint.Port);
        await gateways.WaitForTwoRefreshesAsync();

        var attempts = 0;
        await Eventually.ThatAsync(
            async () =>
            {
                attempts++;
                try
                {
                    await executorOnLeft.GetInfoAsync().WaitAsync(CallTimeout, TestContext.Current.CancellationToken);
                    return true;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            },
            "the executor on the silo whose gateway the client left to answer through the other gateway",
            () => $"{attempts} calls of {CallTimeout.TotalSeconds:0} s went unanswered",
            patience: TimeSpan.FromSeconds(20));
    }
}
