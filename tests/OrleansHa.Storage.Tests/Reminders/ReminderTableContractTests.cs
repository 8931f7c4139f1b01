using Xunit;

namespace OrleansHa.Storage.Tests.Reminders;

/// <summary>
/// What Orleans' reminder service relies on from any <see cref="IReminderTable"/>: rows by grain and by ring
/// range (begin, end], a new ETag per write, ETag-conditional removal, and services kept apart.
/// </summary>
public abstract class ReminderTableContractTests
{
    private static readonly DateTime StartAt = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>A started table of the given service; each test uses fresh service ids.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync(string serviceId);

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpsertedRow_ReadsBackWithItsFieldsAndETag()
    {
        var table = await NewTableAsync();
        var grain = Grain("one");
        var eTag = await table.UpsertRow(Entry(grain, "tick", TimeSpan.FromMinutes(3)), Cancellation);

        var row = await table.ReadRow(grain, "tick", Cancellation);

        Assert.NotNull(row);
        Assert.Equal((grain, "tick", StartAt, TimeSpan.FromMinutes(3), eTag),
            (row.GrainId, row.ReminderName, row.StartAt, row.Period, row.ETag));
    }

    [Fact]
    public async Task ReadRowsByGrain_ReturnsThatGrainsRemindersOnly()
    {
        var table = await NewTableAsync();
        var grain = Grain("owner");
        await table.UpsertRow(Entry(grain, "a"), Cancellation);
        await table.UpsertRow(Entry(grain, "b"), Cancellation);
        await table.UpsertRow(Entry(Grain("other"), "a"), Cancellation);
        await table.UpsertRow(Entry(Grain("owner2"), "a"), Cancellation);

        var rows = await table.ReadRows(grain, Cancellation);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task Upsert_ReturnsANewETagEachTime_AndReplacesTheRow()
    {
        var table = await NewTableAsync();
        var grain = Grain("etag");
        var first = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)), Cancellation);
        var second = await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(2)), Cancellation);

        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotEqual(first, second);
        var row = await table.ReadRow(grain, "r", Cancellation);
        Assert.Equal((TimeSpan.FromMinutes(2), second), (row!.Period, row.ETag));
    }

    [Fact]
    public async Task RemoveWithCurrentETag_ReturnsTrueAndTheRowIsGone()
    {
        var table = await NewTableAsync();
        var grain = Grain("remove");
        var eTag = await table.UpsertRow(Entry(grain, "r"), Cancellation);

        Assert.True(await table.RemoveRow(grain, "r", eTag!, Cancellation));
        Assert.Null(await table.ReadRow(grain, "r", Cancellation));
        Assert.Empty((await table.ReadRows(grain, Cancellation)).Reminders);
    }

    [Fact]
    public async Task RemoveWithStaleETag_ReturnsFalseAndTheRowStays()
    {
        var table = await NewTableAsync();
        var grain = Grain("stale");
        var stale = await table.UpsertRow(Entry(grain, "r"), Cancellation);
        var current = await table.UpsertRow(Entry(grain, "r"), Cancellation);

        Assert.False(await table.RemoveRow(grain, "r", stale!, Cancellation));
        Assert.Equal(current, (await table.ReadRow(grain, "r", Cancellation))?.ETag);
    }

    [Fact]
    public async Task RemoveOfAMissingRow_ReturnsFalse()
    {
        var table = await NewTableAsync();
        var grain = Grain("missing");
        var eTag = await table.UpsertRow(Entry(grain, "r"), Cancellation);
        Assert.True(await table.RemoveRow(grain, "r", eTag!, Cancellation));

        Assert.False(await table.RemoveRow(grain, "r", eTag!, Cancellation));
        Assert.False(await table.RemoveRow(grain, "never", eTag!, Cancellation));
    }

    [Fact]
    public async Task ReadOfAMissingRow_ReturnsNull()
    {
        var table = await NewTableAsync();
        await table.UpsertRow(Entry(Grain("present"), "r"), Cancellation);

        Assert.Null(await table.ReadRow(Grain("present"), "other", Cancellation));
        Assert.Null(await table.ReadRow(Grain("absent"), "r", Cancellation));
    }

    [Fact]
    public async Task RangeRead_BeginBelowEnd_ReturnsHashesAboveBeginUpToEnd()
    {
        var table = await NewTableAsync();
        var grains = await UpsertSpreadAsync(table, 40);
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();
        uint begin = hashes[10], end = hashes[30];

        var rows = await table.ReadRows(begin, end, Cancellation);

        var expected = grains.Where(g => g.GetUniformHashCode() > begin && g.GetUniformHashCode() <= end);
        Assert.Equal(Keys(expected), Keys(rows.Reminders.Select(r => r.GrainId)));
        Assert.Equal(20, rows.Reminders.Count);
    }

    [Fact]
    public async Task RangeRead_BeginAtOrAboveEnd_WrapsAroundTheRing()
    {
        var table = await NewTableAsync();
        var grains = await UpsertSpreadAsync(table, 40);
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();
        uint begin = hashes[30], end = hashes[5];

        var wrapped = await table.ReadRows(begin, end, Cancellation);
        var whole = await table.ReadRows(hashes[7], hashes[7], Cancellation);

        var expected = grains.Where(g => g.GetUniformHashCode() > begin || g.GetUniformHashCode() <= end);
        Assert.Equal(Keys(expected), Keys(wrapped.Reminders.Select(r => r.GrainId)));
        Assert.Equal(15, wrapped.Reminders.Count);
        Assert.Equal(Keys(grains), Keys(whole.Reminders.Select(r => r.GrainId)));
    }

    [Fact]
    public async Task RangesCoveringTheRing_ReturnEveryReminderExactlyOnce_AndAgreeWithReadByGrain()
    {
        var table = await NewTableAsync();
        var grains = await UpsertSpreadAsync(table, 52, remindersPerGrain: 2);
        // Eight ranges, the last one wrapping over zero, with uneven bounds so none falls on a grain's hash.
        var bounds = Enumerable.Range(0, 8).Select(i => (uint)(i * 0x1F00_0000u + 0x0123_4567u)).ToArray();

        var seen = new List<(GrainId Grain, string Name)>();
        for (var i = 0; i < bounds.Length; i++)
        {
            var rows = await table.ReadRows(bounds[i], bounds[(i + 1) % bounds.Length], Cancellation);
            seen.AddRange(rows.Reminders.Select(r => (r.GrainId, r.ReminderName)));
        }

        Assert.Equal(grains.Count * 2, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        foreach (var grain in grains)
        {
            var byGrain = (await table.ReadRows(grain, Cancellation)).Reminders.Select(r => (r.GrainId, r.ReminderName));
            Assert.Equal(byGrain.Order(), seen.Where(s => s.Grain == grain).Order());
        }
    }

    [Theory]
    [InlineData("a/b", "tick/tock")]
    [InlineData("x#y", "r#1")]
    [InlineData("what?", "why?")]
    [InlineData("back\\slash", "tab\tname")]
    [InlineData("привет-мир", "напоминание")]
    [InlineData("100%", "%2F")]
    public async Task OddCharactersInGrainIdsAndNames_RoundTrip(string key, string reminderName)
    {
        var table = await NewTableAsync();
        var grain = Grain(key);
        var eTag = await table.UpsertRow(Entry(grain, reminderName), Cancellation);
        await table.UpsertRow(Entry(grain, reminderName + "2"), Cancellation);

        var row = await table.ReadRow(grain, reminderName, Cancellation);
        Assert.Equal((grain, reminderName), (row!.GrainId, row.ReminderName));
        Assert.Equal(2, (await table.ReadRows(grain, Cancellation)).Reminders.Count);
        var hash = grain.GetUniformHashCode();
        Assert.Equal(2, (await table.ReadRows(hash - 1, hash, Cancellation)).Reminders.Count(r => r.GrainId == grain));
        Assert.True(await table.RemoveRow(grain, reminderName, eTag!, Cancellation));
        Assert.Null(await table.ReadRow(grain, reminderName, Cancellation));
    }

    [Fact]
    public async Task TwoServiceIds_AreKeptApart()
    {
        var first = await NewTableAsync();
        var second = await NewTableAsync();
        var grain = Grain("shared");
        var firstETag = await first.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)), Cancellation);
        var secondETag = await second.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(2)), Cancellation);

        Assert.Equal(TimeSpan.FromMinutes(1), (await first.ReadRow(grain, "r", Cancellation))!.Period);
        Assert.Equal(TimeSpan.FromMinutes(2), (await second.ReadRow(grain, "r", Cancellation))!.Period);
        Assert.Single((await first.ReadRows(0, 0, Cancellation)).Reminders);

        Assert.True(await first.RemoveRow(grain, "r", firstETag!, Cancellation));
        Assert.Equal(secondETag, (await second.ReadRow(grain, "r", Cancellation))?.ETag);
        await first.TestOnlyClearTable(Cancellation);
        Assert.Single((await second.ReadRows(grain, Cancellation)).Reminders);
    }

    [Fact]
    public async Task ServiceIdThatExtendsAnotherWithAnUnderscore_IsKeptOutOfItsRangeReads()
    {
        // "svc" and "svc_0": in a key scheme "<service>_<hash>", the second service's keys sort inside the
        // first one's hash range unless the separator is escaped in service ids.
        var service = $"svc-{Guid.NewGuid():N}";
        var first = await CreateTableAsync(service);
        var second = await CreateTableAsync(service + "_0");
        var firstGrains = await UpsertSpreadAsync(first, 4);
        var secondGrains = await UpsertSpreadAsync(second, 4);

        var firstAll = (await first.ReadRows(0, 0, Cancellation)).Reminders.Select(r => r.GrainId).ToHashSet();
        var firstRange = (await first.ReadRows(0, uint.MaxValue, Cancellation)).Reminders.Select(r => r.GrainId).ToHashSet();
        var secondAll = (await second.ReadRows(0, 0, Cancellation)).Reminders.Select(r => r.GrainId).ToHashSet();

        Assert.Equal(firstGrains.ToHashSet(), firstAll);
        Assert.Subset(firstGrains.ToHashSet(), firstRange);
        Assert.Equal(secondGrains.ToHashSet(), secondAll);
    }

    protected static GrainId Grain(string key) => GrainId.Create("reminder-test", key);

    protected static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(1),
    };

    protected Task<IReminderTable> NewTableAsync() => CreateTableAsync($"svc-{Guid.NewGuid():N}");

    private static async Task<List<GrainId>> UpsertSpreadAsync(IReminderTable table, int count, int remindersPerGrain = 1)
    {
        var grains = Enumerable.Range(0, count).Select(i => Grain($"spread-{i}-{Guid.NewGuid():N}")).ToList();
        foreach (var grain in grains)
        {
            for (var r = 0; r < remindersPerGrain; r++)
            {
                await table.UpsertRow(Entry(grain, $"r{r}"), Cancellation);
            }
        }

        return grains;
    }

    private static string[] Keys(IEnumerable<GrainId> grains) => grains.Select(g => g.ToString()).Order().ToArray();
}
