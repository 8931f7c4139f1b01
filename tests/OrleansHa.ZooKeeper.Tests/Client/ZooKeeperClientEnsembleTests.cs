using OrleansHa.Testing.ZooKeeper;
using OrleansHa.ZooKeeper.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>A client of a three-node ensemble rides out the loss of the leader with its session.</summary>
public sealed class ZooKeeperClientEnsembleTests
{
    private const int WritesBeforeKill = 20;
    private const int WritesAfterElection = 50;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LeaderKilledWhileWriting_SameSessionCarriesOnAndEveryAcknowledgedWriteIsReadable()
    {
        await using var ensemble = await ZooKeeperEnsemble.StartAsync(3, Cancel);
        await using var client = await ConnectAsync(ensemble.ConnectionString, TimeSpan.FromSeconds(30));
        var events = new SessionEventRecorder(client);
        var sessionId = client.SessionId;
        var root = await client.CreateTestRootAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var writer = new Writer(client, root);
        var writing = writer.RunAsync(stop.Token);

        await writer.WaitForAsync(WritesBeforeKill);
        var leader = await ensemble.GetLeaderAsync(Cancel);
        leader.Kill();
        var newLeader = await ensemble.GetLeaderAsync(Cancel);
        await writer.WaitForAsync(writer.Count + WritesAfterElection);
        await stop.CancelAsync();
        await writing;

        Assert.NotEqual(leader.Id, newLeader.Id);
        Assert.Equal(sessionId, client.SessionId);

        // Every node drops its clients when the leader goes, so the client must have reconnected, in the same session.
        await events.NextAsync(ZooKeeperSessionState.Disconnected);
        Assert.Contains(events.All, e => e.State == ZooKeeperSessionState.Connected);
        Assert.All(events.All, e => Assert.Equal(sessionId, e.SessionId));
        Assert.DoesNotContain(events.All, e => e.State == ZooKeeperSessionState.Expired);
        var stored = (await client.GetChildrenAsync(root, cancellationToken: Cancel)).Names.ToHashSet();
        Assert.Superset(writer.Acknowledged.ToHashSet(), stored);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{writer.Count} writes acknowledged, {writer.TransientFailures} failed transiently during the election");
    }

    /// <summary>Creates numbered nodes one after another until stopped, retrying a write that failed transiently.</summary>
    private sealed class Writer(IZooKeeperClient client, string root)
    {
        private readonly List<string> _acknowledged = [];

        public int TransientFailures { get; private set; }

        public IReadOnlyList<string> Acknowledged
        {
            get
            {
                lock (_acknowledged)
                {
                    return [.. _acknowledged];
                }
            }
        }

        public int Count
        {
            get
            {
                lock (_acknowledged)
                {
                    return _acknowledged.Count;
                }
            }
        }

        public async Task RunAsync(CancellationToken stop)
        {
            for (var next = 0; !stop.IsCancellationRequested; next++)
            {
                var name = $"n{next:D6}";
                try
                {
                    while (!await TryCreateAsync(name, stop))
                    {
                        TransientFailures++;
                        await Task.Delay(20, stop);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }

                lock (_acknowledged)
                {
                    _acknowledged.Add(name);
                }
            }
        }

        /// <summary>Waits until <paramref name="count"/> writes were acknowledged; fails after a minute.</summary>
        public Task WaitForAsync(int count) => WaitUntilAsync(() => Count >= count, TimeSpan.FromSeconds(60));

        private async Task<bool> TryCreateAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                await client.CreateAsync($"{root}/{name}", Bytes(name), ZooKeeperCreateMode.Persistent, cancellationToken);
                return true;
            }
            catch (ZooKeeperNodeExistsException)
            {
                // An earlier attempt lost its reply to the connection loss but was applied.
                return true;
            }
            catch (ZooKeeperException e) when (e.IsTransient)
            {
                return false;
            }
        }
    }
}
