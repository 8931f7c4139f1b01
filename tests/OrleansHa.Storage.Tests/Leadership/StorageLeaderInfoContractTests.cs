using OrleansHa.Leadership;
using OrleansHa.Leadership.Tests;
using OrleansHa.Storage.Layout;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Leadership;

/// <summary>The leader info contract on a storage backend, plus what a record that is no znode must do.</summary>
public abstract class StorageLeaderInfoContractTests : LeaderInfoContractTests
{
    protected abstract IStorageBackend Backend { get; }

    protected string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    private string RecordName => new HaStorageLayout(ClusterId).Leader;

    [Fact]
    public async Task Publish_RacingLeadersFromSeparateStores_HighestEpochWins()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => Backend.CreateLeaderInfoStore(ClusterId).Publisher).ToList();

        var results = await Task.WhenAll(stores.Select((store, i) =>
            Task.Run(() => store.PublishAsync(Info(i, $"10.0.0.{i}:11111@1"), Cancellation), Cancellation)));

        Assert.True(results[^1]);
        Assert.Equal(Info(5, "10.0.0.5:11111@1"), await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Record_OutlivesItsStore_AndTheNextLeaderReplacesIt()
    {
        await Backend.CreateLeaderInfoStore(ClusterId).Publisher.PublishAsync(Info(1), Cancellation);

        Assert.Equal(Info(1), await Backend.CreateLeaderInfoStore(ClusterId).Retriever.GetAsync(Cancellation));
        Assert.True(await Backend.CreateLeaderInfoStore(ClusterId).Publisher.PublishAsync(Info(2), Cancellation));
        Assert.Equal(2, (await Retriever.GetAsync(Cancellation))?.Epoch);
    }

    [Fact]
    public async Task Publish_WritesLeaderJsonInTheClustersFolder()
    {
        await Publisher.PublishAsync(Info(1), Cancellation);

        Assert.Equal([$"{ClusterId}/leader.json"], await Backend.ListRawAsync(ClusterId + "/"));
    }

    protected override ValueTask<(ILeaderInfoPublisher Publisher, ILeaderInfoRetriever Retriever)> StartAsync() =>
        ValueTask.FromResult(Backend.CreateLeaderInfoStore(ClusterId));

    protected override Task WriteRawRecordAsync(byte[] content) => Backend.WriteRawAsync(RecordName, content);

    protected override Task<byte[]?> ReadRawRecordAsync() => Backend.ReadRawAsync(RecordName);
}
