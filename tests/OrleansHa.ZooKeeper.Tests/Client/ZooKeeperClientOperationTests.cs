using OrleansHa.ZooKeeper.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>Every single-node operation and its errors, against a real standalone server.</summary>
public sealed class ZooKeeperClientOperationTests(StandaloneZooKeeperFixture server)
    : IClassFixture<StandaloneZooKeeperFixture>, IAsyncLifetime
{
    private IZooKeeperClient _client = null!;
    private string _root = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = await ConnectAsync(server.ConnectionString);
        _root = await _client.CreateTestRootAsync();
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Create_Persistent_ReturnsPathAndStoresDataWithoutOwner()
    {
        var created = await _client.CreateAsync($"{_root}/p", Bytes("hello"), ZooKeeperCreateMode.Persistent, Cancel);

        var node = await _client.GetDataAsync(created, cancellationToken: Cancel);
        Assert.Equal($"{_root}/p", created);
        Assert.Equal("hello", Text(node.Data));
        Assert.Equal(0, node.Stat.Version);
        Assert.Equal(5, node.Stat.DataLength);
        Assert.Equal(0, node.Stat.EphemeralOwner);
    }

    [Fact]
    public async Task Create_Ephemeral_IsOwnedByTheSession()
    {
        var created = await _client.CreateAsync($"{_root}/e", Bytes("x"), ZooKeeperCreateMode.Ephemeral, Cancel);

        var stat = await _client.ExistsAsync(created, cancellationToken: Cancel);
        Assert.NotNull(stat);
        Assert.Equal(_client.SessionId, stat.EphemeralOwner);
    }

    [Theory]
    [InlineData(ZooKeeperCreateMode.PersistentSequential, false)]
    [InlineData(ZooKeeperCreateMode.EphemeralSequential, true)]
    public async Task Create_Sequential_AppendsTenDigitIncreasingSuffix(ZooKeeperCreateMode mode, bool ephemeral)
    {
        var first = await _client.CreateAsync($"{_root}/seq-", Bytes("1"), mode, Cancel);
        var second = await _client.CreateAsync($"{_root}/seq-", Bytes("2"), mode, Cancel);

        Assert.Matches($"^{_root}/seq-[0-9]{{10}}$", first);
        Assert.Matches($"^{_root}/seq-[0-9]{{10}}$", second);
        Assert.True(string.CompareOrdinal(first, second) < 0, $"{first} should sort before {second}");
        var stat = await _client.ExistsAsync(second, cancellationToken: Cancel);
        Assert.Equal(ephemeral ? _client.SessionId : 0, stat!.EphemeralOwner);
    }

    [Fact]
    public async Task Create_ExistingNode_ThrowsNodeExistsNamingOperationAndPath()
    {
        await _client.CreateAsync($"{_root}/dup", Bytes("a"), ZooKeeperCreateMode.Persistent, Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperNodeExistsException>(() =>
            _client.CreateAsync($"{_root}/dup", Bytes("b"), ZooKeeperCreateMode.Persistent, Cancel));

        Assert.Equal(ZooKeeperErrorCode.NodeExists, error.Code);
        Assert.Equal("create", error.Operation);
        Assert.Equal($"{_root}/dup", error.Path);
        Assert.Contains($"'{_root}/dup'", error.Message, StringComparison.Ordinal);
        Assert.Equal("a", Text((await _client.GetDataAsync($"{_root}/dup", cancellationToken: Cancel)).Data));
    }

    [Fact]
    public async Task Create_WithoutParent_ThrowsNoNode()
    {
        var error = await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() =>
            _client.CreateAsync($"{_root}/missing/child", Bytes("a"), ZooKeeperCreateMode.Persistent, Cancel));

        Assert.Equal($"{_root}/missing/child", error.Path);
    }

    [Fact]
    public async Task Create_ChildOfEphemeral_ThrowsNoChildrenForEphemerals()
    {
        await _client.CreateAsync($"{_root}/eph", Bytes("a"), ZooKeeperCreateMode.Ephemeral, Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperException>(() =>
            _client.CreateAsync($"{_root}/eph/child", Bytes("a"), ZooKeeperCreateMode.Persistent, Cancel));

        Assert.Equal(ZooKeeperErrorCode.NoChildrenForEphemerals, error.Code);
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("/trailing/")]
    [InlineData("/double//slash")]
    [InlineData("/dot/./segment")]
    [InlineData("")]
    public async Task Operations_InvalidPath_ThrowArgumentExceptionNamingThePath(string path)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.CreateAsync(path, Bytes("a"), ZooKeeperCreateMode.Persistent, Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetDataAsync(path, cancellationToken: Cancel));

        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_EmptyAndLargeData_RoundTrip()
    {
        var large = new byte[512 * 1024];
        Random.Shared.NextBytes(large);

        await _client.CreateAsync($"{_root}/empty", ReadOnlyMemory<byte>.Empty, ZooKeeperCreateMode.Persistent, Cancel);
        await _client.CreateAsync($"{_root}/large", large, ZooKeeperCreateMode.Persistent, Cancel);

        Assert.Empty((await _client.GetDataAsync($"{_root}/empty", cancellationToken: Cancel)).Data);
        Assert.Equal(large, (await _client.GetDataAsync($"{_root}/large", cancellationToken: Cancel)).Data);
    }

    [Fact]
    public async Task GetData_MissingNode_ThrowsNoNode()
    {
        var error = await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() =>
            _client.GetDataAsync($"{_root}/nothing", cancellationToken: Cancel));

        Assert.Equal("get", error.Operation);
        Assert.Equal($"{_root}/nothing", error.Path);
    }

    [Fact]
    public async Task SetData_WithCurrentVersion_WritesAndIncrementsVersion()
    {
        await _client.CreateAsync($"{_root}/s", Bytes("v0"), ZooKeeperCreateMode.Persistent, Cancel);

        var stat = await _client.SetDataAsync($"{_root}/s", Bytes("v1"), version: 0, Cancel);

        Assert.Equal(1, stat.Version);
        Assert.Equal("v1", Text((await _client.GetDataAsync($"{_root}/s", cancellationToken: Cancel)).Data));
    }

    [Fact]
    public async Task SetData_WithStaleVersion_ThrowsBadVersionAndChangesNothing()
    {
        await _client.CreateAsync($"{_root}/s", Bytes("v0"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.SetDataAsync($"{_root}/s", Bytes("v1"), version: 0, Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperBadVersionException>(() =>
            _client.SetDataAsync($"{_root}/s", Bytes("stale"), version: 0, Cancel));

        Assert.Equal("set", error.Operation);
        var node = await _client.GetDataAsync($"{_root}/s", cancellationToken: Cancel);
        Assert.Equal("v1", Text(node.Data));
        Assert.Equal(1, node.Stat.Version);
    }

    [Fact]
    public async Task SetData_AnyVersion_AlwaysWrites()
    {
        await _client.CreateAsync($"{_root}/s", Bytes("v0"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.SetDataAsync($"{_root}/s", Bytes("v1"), cancellationToken: Cancel);

        var stat = await _client.SetDataAsync($"{_root}/s", Bytes("v2"), version: -1, Cancel);

        Assert.Equal(2, stat.Version);
    }

    [Fact]
    public async Task SetData_MissingNode_ThrowsNoNode()
    {
        await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() =>
            _client.SetDataAsync($"{_root}/nothing", Bytes("x"), cancellationToken: Cancel));
    }

    [Fact]
    public async Task Delete_WithCurrentVersion_RemovesNode()
    {
        await _client.CreateAsync($"{_root}/d", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.SetDataAsync($"{_root}/d", Bytes("y"), cancellationToken: Cancel);

        await _client.DeleteAsync($"{_root}/d", version: 1, Cancel);

        Assert.Null(await _client.ExistsAsync($"{_root}/d", cancellationToken: Cancel));
    }

    [Fact]
    public async Task Delete_WithStaleVersion_ThrowsBadVersionAndKeepsNode()
    {
        await _client.CreateAsync($"{_root}/d", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.SetDataAsync($"{_root}/d", Bytes("y"), cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperBadVersionException>(() =>
            _client.DeleteAsync($"{_root}/d", version: 0, Cancel));

        Assert.Equal("delete", error.Operation);
        Assert.NotNull(await _client.ExistsAsync($"{_root}/d", cancellationToken: Cancel));
    }

    [Fact]
    public async Task Delete_MissingNode_ThrowsNoNode()
    {
        var error = await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() =>
            _client.DeleteAsync($"{_root}/nothing", cancellationToken: Cancel));

        Assert.Equal($"{_root}/nothing", error.Path);
    }

    [Fact]
    public async Task Delete_NodeWithChildren_ThrowsNotEmptyAndKeepsIt()
    {
        await _client.CreateAsync($"{_root}/parent", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.CreateAsync($"{_root}/parent/child", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperNotEmptyException>(() =>
            _client.DeleteAsync($"{_root}/parent", cancellationToken: Cancel));

        Assert.Equal($"{_root}/parent", error.Path);
        Assert.NotNull(await _client.ExistsAsync($"{_root}/parent", cancellationToken: Cancel));
    }

    [Fact]
    public async Task Exists_PresentNode_ReturnsStat()
    {
        await _client.CreateAsync($"{_root}/here", Bytes("abc"), ZooKeeperCreateMode.Persistent, Cancel);

        var stat = await _client.ExistsAsync($"{_root}/here", cancellationToken: Cancel);

        Assert.NotNull(stat);
        Assert.Equal(3, stat.DataLength);
        Assert.True(stat.CreatedZxid > 0);
    }

    [Fact]
    public async Task Exists_AbsentNode_ReturnsNull()
    {
        Assert.Null(await _client.ExistsAsync($"{_root}/absent", cancellationToken: Cancel));
    }

    [Fact]
    public async Task GetChildren_ReturnsNamesAndParentStat()
    {
        string[] names = ["a", "b", "ü-ünïcode"];
        foreach (var name in names)
        {
            await _client.CreateAsync($"{_root}/{name}", Bytes(name), ZooKeeperCreateMode.Persistent, Cancel);
        }

        var children = await _client.GetChildrenAsync(_root, cancellationToken: Cancel);

        Assert.Equal(names.Order(StringComparer.Ordinal), children.Names.Order(StringComparer.Ordinal));
        Assert.Equal(3, children.Stat.NumChildren);
        Assert.Empty((await _client.GetChildrenAsync($"{_root}/a", cancellationToken: Cancel)).Names);
    }

    [Fact]
    public async Task GetChildren_MissingNode_ThrowsNoNode()
    {
        var error = await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() =>
            _client.GetChildrenAsync($"{_root}/nothing", cancellationToken: Cancel));

        Assert.Equal("children", error.Operation);
    }

    [Fact]
    public async Task Multi_AllSucceed_AppliesEveryOperationAndReturnsResults()
    {
        await _client.CreateAsync($"{_root}/table", Bytes("v0"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.CreateAsync($"{_root}/old", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);

        var results = await _client.MultiAsync(
            [
                new ZooKeeperOperation.Check($"{_root}/table", 0),
                new ZooKeeperOperation.Create($"{_root}/row", Bytes("row")),
                new ZooKeeperOperation.Create($"{_root}/seq-", Bytes("s"), ZooKeeperCreateMode.PersistentSequential),
                new ZooKeeperOperation.SetData($"{_root}/table", Bytes("v1"), 0),
                new ZooKeeperOperation.Delete($"{_root}/old"),
            ],
            Cancel);

        Assert.Equal(5, results.Count);
        Assert.Equal($"{_root}/row", results[1].CreatedPath);
        Assert.Matches($"^{_root}/seq-[0-9]{{10}}$", results[2].CreatedPath);
        Assert.Equal(1, results[3].Stat?.Version);
        Assert.Null(results[0].CreatedPath);
        Assert.Equal("row", Text((await _client.GetDataAsync($"{_root}/row", cancellationToken: Cancel)).Data));
        Assert.Equal("v1", Text((await _client.GetDataAsync($"{_root}/table", cancellationToken: Cancel)).Data));
        Assert.Null(await _client.ExistsAsync($"{_root}/old", cancellationToken: Cancel));
    }

    [Fact]
    public async Task Multi_OneFails_AppliesNothingAndReportsTheFailedIndex()
    {
        await _client.CreateAsync($"{_root}/table", Bytes("v0"), ZooKeeperCreateMode.Persistent, Cancel);
        await _client.SetDataAsync($"{_root}/table", Bytes("v1"), cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperMultiException>(() => _client.MultiAsync(
            [
                new ZooKeeperOperation.Create($"{_root}/first", Bytes("a")),
                new ZooKeeperOperation.SetData($"{_root}/table", Bytes("stale"), 0),
                new ZooKeeperOperation.Create($"{_root}/third", Bytes("c")),
            ],
            Cancel));

        Assert.Equal(1, error.FailedIndex);
        Assert.Equal(ZooKeeperErrorCode.BadVersion, error.Code);
        Assert.Equal($"{_root}/table", error.Path);
        Assert.Contains("operation 1", error.Message, StringComparison.Ordinal);
        Assert.Null(await _client.ExistsAsync($"{_root}/first", cancellationToken: Cancel));
        Assert.Null(await _client.ExistsAsync($"{_root}/third", cancellationToken: Cancel));
        Assert.Equal("v1", Text((await _client.GetDataAsync($"{_root}/table", cancellationToken: Cancel)).Data));
    }

    [Fact]
    public async Task Multi_FailedCheck_ReportsItsIndexAndCode()
    {
        await _client.CreateAsync($"{_root}/table", Bytes("v0"), ZooKeeperCreateMode.Persistent, Cancel);

        var error = await Assert.ThrowsAsync<ZooKeeperMultiException>(() => _client.MultiAsync(
            [
                new ZooKeeperOperation.Create($"{_root}/row", Bytes("a")),
                new ZooKeeperOperation.Delete($"{_root}/missing"),
            ],
            Cancel));

        Assert.Equal(1, error.FailedIndex);
        Assert.Equal(ZooKeeperErrorCode.NoNode, error.Code);
        Assert.Null(await _client.ExistsAsync($"{_root}/row", cancellationToken: Cancel));
    }

    [Fact]
    public async Task Multi_Empty_ReturnsNoResults()
    {
        Assert.Empty(await _client.MultiAsync([], Cancel));
    }

    [Fact]
    public async Task Create_ThousandInParallel_AllComplete()
    {
        var creates = Enumerable.Range(0, 1000)
            .Select(i => _client.CreateAsync($"{_root}/n{i}", Bytes($"{i}"), ZooKeeperCreateMode.Persistent, Cancel))
            .ToList();

        var created = await Task.WhenAll(creates).Within();

        Assert.Equal(1000, created.Distinct().Count());
        Assert.Equal(1000, (await _client.GetChildrenAsync(_root, cancellationToken: Cancel)).Names.Count);
    }

    [Fact]
    public async Task Completions_ContinueOnThreadPool_NotOnTheLibraryThread()
    {
        await _client.CreateAsync($"{_root}/t", Bytes("x"), ZooKeeperCreateMode.Persistent, Cancel);

        var onPool = await ContinuesOnThreadPoolAsync(_client.GetDataAsync($"{_root}/t", cancellationToken: Cancel));

        Assert.True(onPool);
    }

    /// <summary>
    /// Without RunContinuationsAsynchronously the continuation would run inline on the library's completion thread,
    /// which the runtime does not count as a pool thread.
    /// </summary>
    private static async Task<bool> ContinuesOnThreadPoolAsync(Task call)
    {
        await call.ConfigureAwait(false);
        return Thread.CurrentThread.IsThreadPoolThread;
    }
}
