using System.Text;
using Orleans.Storage;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.GrainStorage;

/// <summary>What every OrleansHa grain storage provider guarantees, whatever it stores on.</summary>
public abstract class GrainStorageContractTests : StoreContractTests
{
    private const string StateName = "state";

    private static readonly GrainId Grain = GrainId.Create("job", "job-42");

    public static TheoryData<string> GrainKinds => ["string", "integer", "guid", "cyrillic", "awkward"];

    [Fact]
    public async Task ReadState_OfMissingState_HasNoETagNoRecordAndAFreshState()
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = 9 }, ETag = "stale" };

        await Storage().ReadStateAsync(StateName, Grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Value);
    }

    [Fact]
    public async Task WriteThenRead_ReturnsTheWrittenStateAndItsETag()
    {
        var written = await WriteAsync(Storage(), Grain, value: 7, text: "seven");

        var read = await ReadAsync(Storage(), Grain);

        Assert.True(read.RecordExists);
        Assert.Equal(7, read.State!.Value);
        Assert.Equal("seven", read.State.Text);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task FirstWrite_RacingAnotherFirstWrite_ExactlyOneWins()
    {
        var contenders = Enumerable.Range(1, 4).Select(value => (Storage(), value)).ToList();

        var outcomes = await Task.WhenAll(contenders.Select(async contender =>
        {
            try
            {
                await WriteAsync(contender.Item1, Grain, contender.value);
                return contender.value;
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        }));

        var winner = Assert.Single(outcomes, value => value != 0);
        Assert.Equal(winner, (await ReadAsync(Storage(), Grain)).State!.Value);
    }

    [Fact]
    public async Task Write_WithStaleETag_FailsAndLeavesTheNewerState()
    {
        var stale = await WriteAsync(Storage(), Grain, value: 1);
        var newer = await ReadAsync(Storage(), Grain);
        newer.State!.Value = 2;
        await Storage().WriteStateAsync(StateName, Grain, newer);

        stale.State!.Value = 3;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage().WriteStateAsync(StateName, Grain, stale));

        Assert.Equal(newer.ETag, error.StoredEtag);
        Assert.Equal(stale.ETag, error.CurrentEtag);
        Assert.Equal(2, (await ReadAsync(Storage(), Grain)).State!.Value);
    }

    [Fact]
    public async Task Write_WithoutETagWhenStateExists_Fails()
    {
        await WriteAsync(Storage(), Grain, value: 1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(Storage(), Grain, value: 2));

        Assert.Equal(1, (await ReadAsync(Storage(), Grain)).State!.Value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClearThenRead_FindsNoRecord(bool deleteStateOnClear)
    {
        var storage = Storage(deleteStateOnClear);
        var state = await WriteAsync(storage, Grain, value: 5);

        await storage.ClearStateAsync(StateName, Grain, state);
        var read = await ReadAsync(storage, Grain);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Value);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(deleteStateOnClear, read.ETag is null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClearThenWrite_WithTheETagFromClear_Succeeds(bool deleteStateOnClear)
    {
        var storage = Storage(deleteStateOnClear);
        var state = await WriteAsync(storage, Grain, value: 5);
        await storage.ClearStateAsync(StateName, Grain, state);

        state.State!.Value = 6;
        await storage.WriteStateAsync(StateName, Grain, state);

        Assert.Equal(6, (await ReadAsync(storage, Grain)).State!.Value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Clear_WithStaleETag_FailsAndKeepsTheState(bool deleteStateOnClear)
    {
        var storage = Storage(deleteStateOnClear);
        var stale = await WriteAsync(storage, Grain, value: 1);
        var newer = await ReadAsync(storage, Grain);
        await storage.WriteStateAsync(StateName, Grain, newer);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain, stale));

        var read = await ReadAsync(storage, Grain);
        Assert.True(read.RecordExists);
        Assert.Equal(newer.ETag, read.ETag);
    }

    [Fact]
    public async Task ETag_ChangesOnEveryWrite_AlsoWithTheSameValues()
    {
        var storage = Storage();
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = 1 } };
        var eTags = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await storage.WriteStateAsync(StateName, Grain, state);
            eTags.Add(state.ETag!);
        }

        Assert.Equal(5, eTags.Distinct().Count());
        Assert.Equal(eTags[^1], (await ReadAsync(storage, Grain)).ETag);
    }

    [Fact]
    public async Task ParallelWrites_OfDifferentGrains_AllSucceed()
    {
        var grains = Enumerable.Range(0, 32).Select(i => GrainId.Create("job", $"parallel-{i}")).ToList();

        await Task.WhenAll(grains.Select((grain, i) => WriteAsync(Storage(), grain, value: i)));

        for (var i = 0; i < grains.Count; i++)
        {
            Assert.Equal(i, (await ReadAsync(Storage(), grains[i])).State!.Value);
        }
    }

    [Theory]
    [MemberData(nameof(GrainKinds))]
    public async Task Keys_OfEveryKind_RoundTripAndAreListed(string kind)
    {
        var grain = GrainOfKind(kind);
        await WriteAsync(Storage(), grain, value: 11);

        Assert.Equal(11, (await ReadAsync(Storage(), grain)).State!.Value);
        var listed = await ListAsync(grain.Type);
        Assert.Equal(grain, Assert.Single(listed));
    }

    [Fact]
    public async Task CyrillicKey_StaysReadableInTheStoredName()
    {
        await WriteAsync(Storage(), GrainOfKind("cyrillic"), value: 1);

        var name = Assert.Single(await Backend.ListRawAsync(Layout.ClusterPrefix));
        Assert.Equal($"{ClusterId}/grains/job/задание-7/state.json", name);
    }

    [Fact]
    public async Task TwoStateNames_OfOneGrain_AreKeptApart()
    {
        var storage = Storage();
        await storage.WriteStateAsync("spec", Grain, new TestGrainState<CounterState> { State = new() { Value = 1 } });
        await storage.WriteStateAsync("status", Grain, new TestGrainState<CounterState> { State = new() { Value = 2 } });

        var spec = new TestGrainState<CounterState>();
        var status = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("spec", Grain, spec);
        await storage.ReadStateAsync("status", Grain, status);

        Assert.Equal(1, spec.State!.Value);
        Assert.Equal(2, status.State!.Value);
        Assert.NotEqual(spec.ETag, status.ETag);
        Assert.Equal(Grain, Assert.Single(await ListAsync(Grain.Type)));
    }

    [Fact]
    public async Task ReadState_OfCorruptRecord_RaisesAnErrorNamingItAndLeavesItAlone()
    {
        var name = Layout.GrainState(Grain, StateName);
        var garbage = Encoding.UTF8.GetBytes("{ this is not json");
        await Backend.WriteRawAsync(name, garbage);
        var state = new TestGrainState<CounterState>();

        var error = await Assert.ThrowsAsync<CorruptStoredRecordException>(
            () => Storage().ReadStateAsync(StateName, Grain, state));

        Assert.Equal(Backend.Describe(name), error.Location);
        Assert.Contains(Backend.Describe(name), error.Message);
        Assert.Null(state.ETag);
        Assert.Equal(garbage, await Backend.ReadRawAsync(name));
    }

    [Fact]
    public async Task ListGrainIds_LeavesOutClearedGrainsAndOtherTypesAndClusters()
    {
        var kept = GrainId.Create("job", "kept");
        var cleared = await WriteAsync(Storage(), GrainId.Create("job", "cleared"), value: 1);
        await WriteAsync(Storage(), kept, value: 1);
        await WriteAsync(Storage(), GrainId.Create("checkpoint", "kept"), value: 1);
        await Backend.CreateGrainStorage($"other-{ClusterId}").WriteStateAsync(
            StateName, GrainId.Create("job", "elsewhere"), new TestGrainState<CounterState> { State = new() });
        await Storage().ClearStateAsync(StateName, GrainId.Create("job", "cleared"), cleared);

        Assert.Equal(kept, Assert.Single(await ListAsync(GrainType.Create("job"))));
    }

    protected IGrainStorage Storage(bool deleteStateOnClear = true) =>
        Backend.CreateGrainStorage(ClusterId, deleteStateOnClear);

    private static GrainId GrainOfKind(string kind) => kind switch
    {
        "string" => GrainId.Create("job", "job-42"),
        "integer" => GrainId.Create(GrainType.Create("job"), GrainIdKeyExtensions.CreateIntegerKey(42)),
        "guid" => GrainId.Create(GrainType.Create("job"), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"))),
        "cyrillic" => GrainId.Create("job", "задание-7"),
        "awkward" => GrainId.Create("job", "../a/b\\c%20?#*: ."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static async Task<TestGrainState<CounterState>> WriteAsync(
        IGrainStorage storage, GrainId grain, int value, string text = "")
    {
        var state = new TestGrainState<CounterState> { State = new CounterState { Value = value, Text = text } };
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.True(state.RecordExists);
        Assert.NotNull(state.ETag);
        return state;
    }

    private static async Task<TestGrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grain)
    {
        var state = new TestGrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private async Task<List<GrainId>> ListAsync(GrainType grainType)
    {
        var grains = new List<GrainId>();
        await foreach (var grain in ((IGrainStateLister)Storage()).ListGrainIdsAsync(grainType, Cancellation))
        {
            grains.Add(grain);
        }

        return grains;
    }
}
