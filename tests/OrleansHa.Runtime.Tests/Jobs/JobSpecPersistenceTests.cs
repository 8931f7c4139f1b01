using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>
/// A job spec read back from grain storage must be the spec that was written: a resumed job grain deploys
/// what it reads. (A JobId that lost its value made every resumed subtask fail.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class JobSpecPersistenceTests(SharedClusterFixture fixture)
{
    public static TheoryData<string> Strategies => ["none", "fixed", "exponential"];

    [Theory]
    [MemberData(nameof(Strategies))]
    public void JobSpec_RoundTripsThroughTheSilosGrainStorageSerializer(string strategy)
    {
        var serializer = fixture.Runtime.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainStorageSerializer>();
        var spec = SampleSpec(strategy);

        var read = serializer.Deserialize<JobSpec>(serializer.Serialize(spec))!;

        AssertSameSpec(spec, read);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void JobSpec_RoundTripsThroughSystemTextJson(string strategy)
    {
        var spec = SampleSpec(strategy);

        var read = JsonSerializer.Deserialize<JobSpec>(JsonSerializer.Serialize(spec))!;

        AssertSameSpec(spec, read);
    }

    [Fact]
    public void JobId_IsWrittenAsAPlainStringAndReadThroughItsValidation()
    {
        var id = new JobId("job-42");

        Assert.Equal("\"job-42\"", JsonSerializer.Serialize(id));
        Assert.Equal(id, JsonSerializer.Deserialize<JobId>("\"job-42\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JobId>("\"no/slashes\""));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void RestartStrategy_TextFormRoundTrips(string strategy)
    {
        var original = SampleSpec(strategy).RestartStrategy;

        Assert.Equal(original, RestartStrategyText.Parse(RestartStrategyText.Format(original)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sometimes")]
    [InlineData("fixed-delay;attempts=three;delay=00:00:02")]
    [InlineData("exponential-delay;attempts=5;initial=00:00:01")]
    public void RestartStrategy_MalformedText_FailsWithTheAcceptedForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => RestartStrategyText.Parse(text));

        Assert.Contains("fixed-delay;attempts=3;delay=00:00:02", error.Message);
    }

    private static JobSpec SampleSpec(string strategy) => new()
    {
        JobId = new JobId("persisted-spec-1"),
        Name = "sum",
        EntryType = "OrleansHa.Examples.SumRange",
        Parallelism = 3,
        Parameters = new Dictionary<string, string> { ["n"] = "100" },
        CheckpointInterval = TimeSpan.FromMilliseconds(250),
        RetainedCheckpoints = 2,
        RestartStrategy = strategy switch
        {
            "none" => RestartStrategy.None,
            "fixed" => RestartStrategy.FixedDelay(3, TimeSpan.FromSeconds(2)),
            _ => RestartStrategy.ExponentialDelay(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 5),
        },
    };

    private static void AssertSameSpec(JobSpec expected, JobSpec actual)
    {
        Assert.Equal(expected.JobId, actual.JobId);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.EntryType, actual.EntryType);
        Assert.Equal(expected.Parallelism, actual.Parallelism);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.CheckpointInterval, actual.CheckpointInterval);
        Assert.Equal(expected.RetainedCheckpoints, actual.RetainedCheckpoints);
        Assert.Equal(expected.RestartStrategy, actual.RestartStrategy);
        Assert.Equal(expected.Artifact, actual.Artifact);
    }
}
