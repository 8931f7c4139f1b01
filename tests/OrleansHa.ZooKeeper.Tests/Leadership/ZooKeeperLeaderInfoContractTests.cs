using OrleansHa.Leadership;
using OrleansHa.Leadership.Tests;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Leadership;
using OrleansHa.ZooKeeper.Tests.Client;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Leadership;

/// <summary>The leader info contract against a real standalone ZooKeeper server.</summary>
public sealed class ZooKeeperLeaderInfoContractTests(StandaloneZooKeeperFixture zooKeeper)
    : LeaderInfoContractTests, IClassFixture<StandaloneZooKeeperFixture>
{
    private ZooKeeperLeaderInfoServices? _services;

    private ZooKeeperLeaderInfoServices Services => _services ?? throw new InvalidOperationException("Not started.");

    protected override ValueTask<(ILeaderInfoPublisher Publisher, ILeaderInfoRetriever Retriever)> StartAsync()
    {
        _services = new ZooKeeperLeaderInfoServices(zooKeeper.ConnectionString, $"test-{Guid.NewGuid():N}");
        return ValueTask.FromResult((_services.Publisher, _services.Retriever));
    }

    protected override async Task WriteRawRecordAsync(byte[] content)
    {
        var client = await Services.ClientAsync();
        if (await client.ExistsAsync(Services.LeaderPath, cancellationToken: Cancellation) is not null)
        {
            await client.SetDataAsync(Services.LeaderPath, content, cancellationToken: Cancellation);
            return;
        }

        var parent = Services.LeaderPath[..Services.LeaderPath.LastIndexOf('/')];
        foreach (var path in new[] { parent[..parent.LastIndexOf('/')], parent })
        {
            if (await client.ExistsAsync(path, cancellationToken: Cancellation) is null)
            {
                await client.CreateAsync(path, ReadOnlyMemory<byte>.Empty, ZooKeeperCreateMode.Persistent, Cancellation);
            }
        }

        await client.CreateAsync(Services.LeaderPath, content, ZooKeeperCreateMode.Ephemeral, Cancellation);
    }

    protected override async Task<byte[]?> ReadRawRecordAsync()
    {
        var client = await Services.ClientAsync();
        try
        {
            return (await client.GetDataAsync(Services.LeaderPath, cancellationToken: Cancellation)).Data;
        }
        catch (ZooKeeperNoNodeException)
        {
            return null;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Fact]
    public async Task LeaderPath_IsTheClusterNodesLeaderChild() =>
        Assert.Matches("^/orleansha/test-[0-9a-f]{32}/" + ZooKeeperLeaderNode.NodeName + "$", Services.LeaderPath);
}
