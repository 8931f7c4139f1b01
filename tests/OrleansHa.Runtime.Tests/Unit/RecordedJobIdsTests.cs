using OrleansHa.Jobs;
using OrleansHa.Runtime.Leader;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class RecordedJobIdsTests
{
    private static readonly JobId Listed = new("listed");
    private static readonly JobId EndedSince = new("ended-since");
    private static readonly JobId Fresh = new("fresh");

    [Fact]
    public void BeforeTheListingCompletes_NoIdIsRuledOut()
    {
        var ids = new RecordedJobIds(capacity: 10);
        ids.Add(Listed);

        Assert.False(ids.IsComplete);
        Assert.False(ids.RulesOut(Fresh));
    }

    [Fact]
    public void AfterTheListing_OnlyIdsNeitherListedNorEndedSinceAreRuledOut()
    {
        var ids = new RecordedJobIds(capacity: 10);
        ids.Add(EndedSince);
        ids.Add(Listed);
        ids.MarkListed();

        Assert.True(ids.RulesOut(Fresh));
        Assert.False(ids.RulesOut(Listed));
        Assert.False(ids.RulesOut(EndedSince));
    }

    [Fact]
    public void AnIdAddedAfterTheListing_IsNoLongerRuledOut()
    {
        var ids = new RecordedJobIds(capacity: 10);
        ids.MarkListed();
        Assert.True(ids.RulesOut(EndedSince));

        ids.Add(EndedSince);

        Assert.False(ids.RulesOut(EndedSince));
    }

    [Fact]
    public void OverCapacity_NothingIsRuledOutAnyMore_AndTheMemoryIsGivenBack()
    {
        var ids = new RecordedJobIds(capacity: 2);
        ids.MarkListed();
        ids.Add(new JobId("one"));
        ids.Add(new JobId("two"));
        Assert.True(ids.RulesOut(Fresh));

        ids.Add(new JobId("three"));

        Assert.True(ids.IsOverCapacity);
        Assert.False(ids.IsComplete);
        Assert.False(ids.RulesOut(Fresh));
        Assert.Equal(0, ids.Count);
    }

    [Fact]
    public void CapacityZero_NeverRulesOut()
    {
        var ids = new RecordedJobIds(capacity: 0);
        ids.MarkListed();

        Assert.False(ids.RulesOut(Fresh));
    }
}
