using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansHa.Leadership;
using Xunit;

namespace OrleansHa.Storage.Tests.Leadership;

/// <summary>The contract type itself: its wire form, its stored form and the fencing rule every backend applies.</summary>
public sealed class LeaderInfoTests
{
    private static readonly LeaderInfo Leader = new("10.0.0.1:11111@1", 3, new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.FromHours(1)), "http://10.0.0.1:8081");

    [Fact]
    public void OrleansSerializer_RoundTripsEveryField()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        Assert.Equal(Leader, serializer.Deserialize<LeaderInfo>(serializer.SerializeToArray(Leader)));
        Assert.Equal(Leader with { RestAddress = null }, serializer.Deserialize<LeaderInfo>(serializer.SerializeToArray(Leader with { RestAddress = null })));
    }

    [Fact]
    public void Document_RoundTrips_AndIsVersionedJson()
    {
        var bytes = LeaderInfoDocument.Write(Leader);

        Assert.Equal(Leader, LeaderInfoDocument.Read("leader", bytes));
        Assert.StartsWith("{\"version\":1,", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Null(LeaderInfoDocument.Read("leader", LeaderInfoDocument.Write(Leader with { RestAddress = null })).RestAddress);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"version\":1,\"siloAddress\":\"\",\"epoch\":1,\"since\":\"2026-11-23T22:00:00Z\"}")]
    [InlineData("{\"version\":1,\"siloAddress\":\"a\",\"epoch\":-1,\"since\":\"2026-11-23T22:00:00Z\"}")]
    [InlineData("{\"version\":1,\"siloAddress\":\"a\",\"epoch\":1,\"since\":\"yesterday\"}")]
    public void Document_Unreadable_ThrowsCorruptStoredRecordNamingTheLocation(string json)
    {
        var error = Assert.Throws<CorruptStoredRecordException>(() => LeaderInfoDocument.Read("/orleansha/c/leader", Encoding.UTF8.GetBytes(json)));

        Assert.Equal("/orleansha/c/leader", error.Location);
        Assert.Contains("leader info", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 3, "a", LeaderInfoPublication.Write)]
    [InlineData(2L, 3, "a", LeaderInfoPublication.Write)]
    [InlineData(4L, 3, "a", LeaderInfoPublication.Refuse)]
    [InlineData(3L, 3, "b", LeaderInfoPublication.Refuse)]
    [InlineData(3L, 3, "a", LeaderInfoPublication.AlreadyPublished)]
    public void Decide_FencesOnTheEpoch(long? publishedEpoch, long epoch, string silo, LeaderInfoPublication expected)
    {
        var published = publishedEpoch is { } e ? new LeaderInfo("a", e, Leader.Since) : null;

        Assert.Equal(expected, LeaderInfoRules.Decide(published, new LeaderInfo(silo, epoch, Leader.Since)));
    }
}
