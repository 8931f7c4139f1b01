using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class SubmissionValidationTests(SharedClusterFixture fixture)
{
    private RuntimeCluster Runtime => fixture.Runtime;

    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        { "parallelism 0", nameof(JobSpec.Parallelism), "use 1 to 64" },
        { "parallelism above the maximum", nameof(JobSpec.Parallelism), "use 1 to 64" },
        { "negative checkpoint interval", nameof(JobSpec.CheckpointInterval), "negative" },
        { "no retained checkpoint", nameof(JobSpec.RetainedCheckpoints), "at least 1" },
        { "malformed job id", nameof(JobSpec.JobId), "is not a valid job id" },
        { "empty entry type", nameof(JobSpec.EntryType), "Namespace.Type" },
        { "oversized parameters", nameof(JobSpec.Parameters), "OrleansHa:MaxParameterCharacters" },
        { "negative restart attempts", nameof(JobSpec.RestartStrategy), "0 or more" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task InvalidSpec_IsRejectedWithTheFieldAndHowToFixIt(string problem, string field, string hint)
    {
        var spec = Break(Specs.SumRange(10, parallelism: 1), problem);

        var error = await Assert.ThrowsAsync<JobSpecValidationException>(() => Runtime.SubmitAsync(spec));

        Assert.Equal(field, error.Field);
        Assert.Contains(hint, error.Message);
        Assert.Empty(await Runtime.Leader.GetQueuedJobsAsync());
    }

    [Fact]
    public async Task UnknownDeployedEntryType_IsRejectedAtSubmission()
    {
        var spec = Specs.SumRange(10, parallelism: 1) with { EntryType = "OrleansHa.Examples.NoSuchJob" };

        var error = await Assert.ThrowsAsync<UnknownJobTypeException>(() => Runtime.SubmitAsync(spec));

        Assert.Equal("OrleansHa.Examples.NoSuchJob", error.EntryType);
        Assert.Contains("Check the spelling", error.Message);
    }

    [Fact]
    public async Task DeployedTypeThatIsNotAJob_IsRejectedAtSubmission()
    {
        var spec = Specs.SumRange(10, parallelism: 1) with { EntryType = typeof(NotAJob).FullName! };

        var error = await Assert.ThrowsAsync<InvalidJobTypeException>(() => Runtime.SubmitAsync(spec));

        Assert.Contains("IJobTask", error.Message);
    }

    [Fact]
    public async Task SameJobIdWhileRunning_IsRejectedAsAlreadyRunning()
    {
        var spec = Specs.NeverEnding(parallelism: 1);
        await Runtime.SubmitAsync(spec);

        var error = await Assert.ThrowsAsync<DuplicateJobSubmissionException>(() => Runtime.SubmitAsync(spec));
        await Runtime.Job(spec.JobId).CancelAsync();

        Assert.False(error.GloballyTerminated);
        Assert.Equal(spec.JobId, error.JobId);
    }

    [Fact]
    public async Task SameJobIdWithStoredStateAndNoActivation_IsRejected_AndTheStoredJobIsKept()
    {
        // What a job whose job grain died with its silo leaves until the leader resumes it: its state only.
        var stored = Specs.SumRange(10, parallelism: 1);
        var grainId = GrainId.Create(JobGrain.GrainTypeName, stored.JobId.Value);
        var storage = Runtime.SiloServices.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa);
        await storage.WriteStateAsync("job", grainId, new GrainState<JobGrainState>(
            new JobGrainState { Spec = stored, Status = JobStatus.Created, Attempt = 3, SubmittedAt = DateTimeOffset.UtcNow }));

        // The submission's job grain writes its state create-only, without reading it first: the condition
        // must find the stored record and leave it as it was.
        var error = await Assert.ThrowsAsync<DuplicateJobSubmissionException>(
            () => Runtime.SubmitAsync(stored with { Parameters = new Dictionary<string, string> { ["n"] = "99" } }));
        var after = new GrainState<JobGrainState>(new JobGrainState());
        await storage.ReadStateAsync("job", grainId, after);
        var kept = Assert.IsType<JobGrainState>(after.State);
        await storage.ClearStateAsync("job", grainId, after);

        Assert.False(error.GloballyTerminated);
        Assert.Equal("10", kept.Spec?.Parameters["n"]);
        Assert.Equal(3, kept.Attempt);
    }

    [Fact]
    public async Task SameJobIdAfterTheJobEnded_IsRejected()
    {
        var spec = Specs.SumRange(10, parallelism: 1);
        await Runtime.SubmitAsync(spec);
        await Runtime.WaitForResultAsync(spec.JobId);

        await Assert.ThrowsAsync<DuplicateJobSubmissionException>(() => Runtime.SubmitAsync(spec));
    }

    [Fact]
    public async Task ArtifactOverTheSizeLimit_IsRejected()
    {
        var spec = Specs.SumRange(10, parallelism: 1);
        var huge = new JobArtifactFile("Huge.dll", new byte[64 * 1024 * 1024 + 1]);

        var error = await Assert.ThrowsAsync<JobSpecValidationException>(() => Runtime.SubmitAsync(spec, huge));

        Assert.Contains("OrleansHa:MaxArtifactBytes", error.Message);
    }

    [Fact]
    public async Task ArtifactThatIsNotAnAssembly_EndsTheJobFailedWithTheCause()
    {
        var spec = Specs.SumRange(10, parallelism: 1) with { EntryType = "Some.Job" };

        await Runtime.SubmitAsync(spec, new JobArtifactFile("Broken.dll", [1, 2, 3, 4]));
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Failed, result.FinalStatus);
        Assert.Contains("not a loadable .NET assembly", result.FailureCause);
    }

    [Fact]
    public async Task UnknownJob_IsReportedAsUnknown()
    {
        var error = await Assert.ThrowsAsync<UnknownJobException>(() => Runtime.Job(JobId.New()).GetDetailsAsync());

        Assert.Contains("No job", error.Message);
    }

    private static JobSpec Break(JobSpec spec, string problem) => problem switch
    {
        "parallelism 0" => spec with { Parallelism = 0 },
        "parallelism above the maximum" => spec with { Parallelism = 65 },
        "negative checkpoint interval" => spec with { CheckpointInterval = TimeSpan.FromSeconds(-1) },
        "no retained checkpoint" => spec with { RetainedCheckpoints = 0 },
        "malformed job id" => spec with { JobId = default },
        "empty entry type" => spec with { EntryType = " " },
        "oversized parameters" => spec with { Parameters = new Dictionary<string, string> { ["x"] = new('x', 70_000) } },
        "negative restart attempts" => spec with { RestartStrategy = RestartStrategy.FixedDelay(-1, TimeSpan.Zero) },
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };
}
