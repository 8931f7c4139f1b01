using System.Text;
using Xunit;

namespace OrleansHa.Leadership.Tests;

/// <summary>
/// What every leader info backend guarantees. This file is compiled into the storage and the ZooKeeper test
/// projects (linked, not copied), so every backend runs the same suite.
/// </summary>
public abstract class LeaderInfoContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);

    private ILeaderInfoPublisher? _publisher;
    private ILeaderInfoRetriever? _retriever;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    protected ILeaderInfoPublisher Publisher => _publisher ?? throw new InvalidOperationException("Not started.");

    protected ILeaderInfoRetriever Retriever => _retriever ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => (_publisher, _retriever) = await StartAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A publisher and a retriever of one fresh cluster id.</summary>
    protected abstract ValueTask<(ILeaderInfoPublisher Publisher, ILeaderInfoRetriever Retriever)> StartAsync();

    /// <summary>Creates or replaces the stored record with <paramref name="content"/>, as a damaged or foreign writer would.</summary>
    protected abstract Task WriteRawRecordAsync(byte[] content);

    /// <summary>The stored record's bytes, or null when there is none.</summary>
    protected abstract Task<byte[]?> ReadRawRecordAsync();

    protected static LeaderInfo Info(long epoch, string silo = "10.0.0.1:11111@1", string? rest = null) =>
        new(silo, epoch, Since.AddMinutes(epoch), rest);

    [Fact]
    public async Task Publish_ThenGet_ReturnsTheInfo()
    {
        var info = Info(3, rest: "http://10.0.0.1:8081");

        Assert.True(await Publisher.PublishAsync(info, Cancellation));

        Assert.Equal(info, await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Publish_HigherEpoch_ReplacesTheLowerOne()
    {
        await Publisher.PublishAsync(Info(1), Cancellation);

        Assert.True(await Publisher.PublishAsync(Info(2, "10.0.0.2:11111@1"), Cancellation));

        Assert.Equal(Info(2, "10.0.0.2:11111@1"), await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Publish_LowerEpoch_ReturnsFalseAndChangesNothing()
    {
        await Publisher.PublishAsync(Info(5, "10.0.0.5:11111@1"), Cancellation);
        var stored = await ReadRawRecordAsync();

        Assert.False(await Publisher.PublishAsync(Info(4), Cancellation));

        Assert.Equal(stored, await ReadRawRecordAsync());
        Assert.Equal(Info(5, "10.0.0.5:11111@1"), await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Publish_SameEpochAgain_IsIdempotent()
    {
        Assert.True(await Publisher.PublishAsync(Info(7), Cancellation));
        var stored = await ReadRawRecordAsync();

        Assert.True(await Publisher.PublishAsync(Info(7), Cancellation));

        Assert.Equal(stored, await ReadRawRecordAsync());
        Assert.Equal(Info(7), await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Publish_SameEpochByAnotherSilo_ReturnsFalseAndChangesNothing()
    {
        await Publisher.PublishAsync(Info(7), Cancellation);
        var stored = await ReadRawRecordAsync();

        Assert.False(await Publisher.PublishAsync(Info(7, "10.0.0.9:11111@1"), Cancellation));

        Assert.Equal(stored, await ReadRawRecordAsync());
    }

    [Fact]
    public async Task Publish_SameEpochWithRestAddress_UpdatesTheRecord()
    {
        await Publisher.PublishAsync(Info(7), Cancellation);

        Assert.True(await Publisher.PublishAsync(Info(7, rest: "http://10.0.0.1:8081"), Cancellation));

        Assert.Equal("http://10.0.0.1:8081", (await Retriever.GetAsync(Cancellation))?.RestAddress);
    }

    [Fact]
    public async Task Publish_InvalidInfo_ThrowsAndWritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync(Info(1, silo: " "), Cancellation));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Publisher.PublishAsync(Info(-1), Cancellation));

        Assert.Null(await ReadRawRecordAsync());
    }

    [Fact]
    public async Task Revoke_CurrentEpoch_RemovesTheRecord_AndAgainIsNoError()
    {
        await Publisher.PublishAsync(Info(2), Cancellation);

        await Publisher.RevokeAsync(2, Cancellation);
        await Publisher.RevokeAsync(2, Cancellation);

        Assert.Null(await Retriever.GetAsync(Cancellation));
        Assert.Null(await ReadRawRecordAsync());
    }

    [Fact]
    public async Task Revoke_OldEpoch_LeavesTheNewerRecord()
    {
        await Publisher.PublishAsync(Info(1), Cancellation);
        await Publisher.PublishAsync(Info(2, "10.0.0.2:11111@1"), Cancellation);

        await Publisher.RevokeAsync(1, Cancellation);

        Assert.Equal(Info(2, "10.0.0.2:11111@1"), await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Get_NothingPublished_ReturnsNull()
    {
        Assert.Null(await Retriever.GetAsync(Cancellation));
        await Publisher.RevokeAsync(1, Cancellation);
    }

    [Fact]
    public async Task Get_CorruptRecord_ReturnsNull_AndRevokeLeavesIt()
    {
        var garbage = Encoding.UTF8.GetBytes("{\"version\":1,\"epoch\":");
        await WriteRawRecordAsync(garbage);

        Assert.Null(await Retriever.GetAsync(Cancellation));
        await Publisher.RevokeAsync(0, Cancellation);
        Assert.Equal(garbage, await ReadRawRecordAsync());
    }

    [Fact]
    public async Task Get_RecordOfAnUnknownVersion_ReturnsNull()
    {
        await WriteRawRecordAsync(Encoding.UTF8.GetBytes(
            "{\"version\":2,\"siloAddress\":\"10.0.0.1:11111@1\",\"epoch\":1,\"since\":\"2026-11-23T22:00:00+00:00\"}"));

        Assert.Null(await Retriever.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Publish_OverCorruptRecord_ReplacesIt()
    {
        await WriteRawRecordAsync(Encoding.UTF8.GetBytes("not json"));

        Assert.True(await Publisher.PublishAsync(Info(1), Cancellation));

        Assert.Equal(Info(1), await Retriever.GetAsync(Cancellation));
    }
}
