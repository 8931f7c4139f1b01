using OrleansHa.Runtime.Diagnostics;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class MetricsSnapshotTests
{
    private const string Operations = "orleansha.storage.operations";
    private const string Duration = "orleansha.checkpoints.duration";

    [Fact]
    public void Format_ThenParse_GivesTheSameTotals()
    {
        var snapshot = Snapshot(
            [(Key(Operations, ("store", "job-state"), ("operation", "read")), 12), ("orleansha.jobs.finished", 3)],
            [(Duration, [5.0, 120.0, 121.0])]);

        var parsed = MetricsSnapshot.Parse(snapshot.Format());

        Assert.Equal(snapshot.Counters.OrderBy(c => c.Key), parsed.Counters.OrderBy(c => c.Key));
        Assert.Equal(3, parsed.Count(Duration));
        Assert.Equal(snapshot.Percentile(Duration, 0.5), parsed.Percentile(Duration, 0.5));
    }

    [Fact]
    public void Key_OrdersTagsByName_SoTheSameTagsInAnotherOrderAddUp()
    {
        var one = MetricsSnapshot.KeyOf(Operations, [new("store", "a"), new("operation", "read")]);
        var other = MetricsSnapshot.KeyOf(Operations, [new("operation", "read"), new("store", "a")]);

        Assert.Equal("orleansha.storage.operations{operation=read,store=a}", one);
        Assert.Equal(one, other);
    }

    [Fact]
    public void Counter_SumsTheTagSetsThatHaveEveryTagAsked()
    {
        var snapshot = Snapshot(
            [
                (Key(Operations, ("store", "job-result-store"), ("operation", "delete")), 5),
                (Key(Operations, ("store", "job-result-store"), ("operation", "create")), 7),
                (Key(Operations, ("store", "job-state"), ("operation", "delete")), 11),
                (Key(Operations + ".failed", ("store", "job-state")), 100),
            ],
            []);

        Assert.Equal(23, snapshot.Counter(Operations));
        Assert.Equal(12, snapshot.Counter(Operations, "store=job-result-store"));
        Assert.Equal(5, snapshot.Counter(Operations, "store=job-result-store", "operation=delete"));
        Assert.Equal(0, snapshot.Counter(Operations, "store=job"));
    }

    [Fact]
    public void SumOverSilos_MinusAnEarlierSum_GivesWhatHappenedBetween()
    {
        var earlier = MetricsSnapshot.Sum([Snapshot([("jobs", 2)], [(Duration, [10.0])]), Snapshot([("jobs", 3)], [])]);
        var later = MetricsSnapshot.Sum([Snapshot([("jobs", 10)], [(Duration, [10.0, 200.0])]), Snapshot([("jobs", 4)], [(Duration, [300.0])])]);

        var between = later.Minus(earlier);

        Assert.Equal(9, between.Counter("jobs"));
        Assert.Equal(2, between.Count(Duration));
        Assert.InRange(between.Percentile(Duration, 0.01)!.Value, 200, 210);
    }

    [Theory]
    [InlineData(0.5, 50)]
    [InlineData(0.99, 99)]
    public void Percentile_IsWithinFivePercentOfTheTrueValue(double quantile, double expected)
    {
        var snapshot = Snapshot([], [(Duration, Enumerable.Range(1, 100).Select(v => (double)v).ToArray())]);

        Assert.InRange(snapshot.Percentile(Duration, quantile)!.Value, expected, expected * 1.05);
    }

    [Fact]
    public void Percentile_OfAnEmptyHistogram_IsNull() => Assert.Null(MetricsSnapshot.Empty.Percentile(Duration, 0.5));

    [Theory]
    [InlineData("orleansha.jobs.finished")]
    [InlineData("orleansha.jobs.finished=twelve")]
    [InlineData("orleansha.checkpoints.duration=[3]")]
    public void Parse_OfSomethingElse_FailsQuotingTheEntry(string text)
    {
        var error = Assert.Throws<FormatException>(() => MetricsSnapshot.Parse(text));

        Assert.Contains($"'{text}'", error.Message);
    }

    private static string Key(string name, params (string Key, string Value)[] tags) =>
        MetricsSnapshot.KeyOf(name, tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)));

    private static MetricsSnapshot Snapshot((string Key, long Value)[] counters, (string Name, double[] Values)[] histograms) => new(
        counters.ToDictionary(c => c.Key, c => c.Value),
        histograms.ToDictionary(
            h => h.Name,
            h => (IReadOnlyDictionary<int, long>)h.Values.GroupBy(MetricsSnapshot.BucketOf).ToDictionary(g => g.Key, g => (long)g.Count())));
}
