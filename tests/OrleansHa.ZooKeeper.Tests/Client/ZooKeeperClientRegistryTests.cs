using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Native;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>
/// Everything the library refers to by number (sessions, calls in flight, watches) is released by the time a client
/// is disposed: nothing leaks, and no late callback can find a call that was already settled.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed class ZooKeeperClientRegistryTests(StandaloneZooKeeperFixture server) : IClassFixture<StandaloneZooKeeperFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispose_WithWatchesAndCallsPending_LeavesNothingRegistered()
    {
        var client = await ConnectAsync(server.ConnectionString);
        var root = await client.CreateTestRootAsync();
        await client.MultiAsync([new ZooKeeperOperation.Create($"{root}/m", Bytes("x"))], Cancel);
        await client.ExistsAsync($"{root}/never", _ => { }, Cancel);
        await client.GetChildrenAsync($"{root}/m", _ => { }, Cancel);
        await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() => client.GetDataAsync($"{root}/missing", _ => { }, Cancel));
        Assert.Equal(2, NativeSession.Watches.Count);
        var inFlight = Enumerable.Range(0, 200)
            .Select(i => client.MultiAsync([new ZooKeeperOperation.Create($"{root}/n{i}", Bytes("x"))], Cancel))
            .ToList();

        await client.DisposeAsync();
        await Task.WhenAll(inFlight.Select(async call =>
        {
            try
            {
                await call;
            }
            catch (ZooKeeperException)
            {
                // Settled by close: that is what this test wants to see, as is a call that completed first.
            }
        })).Within();

        Assert.Equal(0, NativeSession.Sessions.Count);
        Assert.Equal(0, NativeSession.Calls.Count);
        Assert.Equal(0, NativeSession.Watches.Count);
    }
}
