using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.Leadership;
using OrleansHa.Leadership.Tests;
using OrleansHa.Storage.FileSystem;
using OrleansHa.Storage.Layout;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Leadership;

public sealed class FileSystemLeaderInfoStoreTests : LeaderInfoContractTests
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";

    private string RecordPath => Path.Combine(_directory.Path, new HaStorageLayout(_clusterId).Leader);

    [Fact]
    public async Task Publish_WritesLeaderJsonInTheClusterFolder()
    {
        await Publisher.PublishAsync(Info(1), Cancellation);

        Assert.True(File.Exists(Path.Combine(_directory.Path, _clusterId, "leader.json")));
    }

    [Fact]
    public async Task Publish_RacingLeadersFromSeparateStores_HighestEpochWins()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => CreateStore()).ToList();

        var results = await Task.WhenAll(stores.Select((store, i) =>
            Task.Run(() => store.PublishAsync(Info(i, $"10.0.0.{i}:11111@1"), Cancellation), Cancellation)));

        Assert.True(results[^1]);
        Assert.Equal(Info(7, "10.0.0.7:11111@1"), await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Publish_RecordOutlivesTheStoreInstance_TheNextLeaderReplacesIt()
    {
        await CreateStore().PublishAsync(Info(1), Cancellation);

        Assert.Equal(Info(1), await CreateStore().GetAsync(Cancellation));
        Assert.True(await CreateStore().PublishAsync(Info(2), Cancellation));
    }

    protected override ValueTask<(ILeaderInfoPublisher Publisher, ILeaderInfoRetriever Retriever)> StartAsync()
    {
        var store = CreateStore();
        return ValueTask.FromResult<(ILeaderInfoPublisher, ILeaderInfoRetriever)>((store, store));
    }

    protected override async Task WriteRawRecordAsync(byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(RecordPath)!);
        await File.WriteAllBytesAsync(RecordPath, content, Cancellation);
    }

    protected override async Task<byte[]?> ReadRawRecordAsync() =>
        File.Exists(RecordPath) ? await File.ReadAllBytesAsync(RecordPath, Cancellation) : null;

    public override ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private FileSystemLeaderInfoStore CreateStore() =>
        new(new FileSystemLeaderInfoOptions { RootDirectory = _directory.Path, FlushToDisk = false }, _clusterId,
            NullLogger<FileSystemLeaderInfoStore>.Instance);
}
