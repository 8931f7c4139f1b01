using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class ArtifactTests(SharedClusterFixture fixture)
{
    private const string AssemblyName = "OrleansHa.Runtime.Tests.ArtifactJob";

    private RuntimeCluster Runtime => fixture.Runtime;

    private static JobArtifactFile ArtifactFile => new(
        AssemblyName + ".dll", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "artifact-job", AssemblyName + ".dll")));

    [Fact]
    public async Task JobFromAnUploadedArtifact_RunsAndItsAssembliesAreUnloadedAfter()
    {
        Assert.Null(Type.GetType($"ArtifactJobs.CountTo, {AssemblyName}"));
        var spec = new JobSpec
        {
            JobId = JobId.New(),
            EntryType = "ArtifactJobs.CountTo",
            Parallelism = 3,
            Parameters = new Dictionary<string, string> { ["n"] = "7" },
        };

        await Runtime.SubmitAsync(spec, ArtifactFile);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(21, result.Accumulators["counted"]);
        await Eventually.ThatAsync(
            () =>
            {
                var counts = Executors().Select(e => e.CountArtifactContexts()).ToList();
                return Task.FromResult(counts.Sum(c => c.Loaded) > 0 && counts.All(c => c.Loaded == c.Unloaded));
            },
            "every load context of the job to be unloaded",
            () => string.Join(", ", Executors().Select(e => e.CountArtifactContexts())));
        Assert.All(Executors(), e => Assert.Equal(0, e.GetInfo().LoadedArtifactContexts));
    }

    [Fact]
    public async Task ArtifactTypeThatIsNotAJob_EndsTheJobFailedWithTheCause()
    {
        var spec = new JobSpec { JobId = JobId.New(), EntryType = "ArtifactJobs.NotATask", Parallelism = 1 };

        await Runtime.SubmitAsync(spec, ArtifactFile);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Failed, result.FinalStatus);
        Assert.Contains("does not implement OrleansHa.Authoring.IJobTask", result.FailureCause);
    }

    [Fact]
    public async Task ArtifactWithoutTheEntryType_EndsTheJobFailedWithTheCause()
    {
        var spec = new JobSpec { JobId = JobId.New(), EntryType = "ArtifactJobs.Missing", Parallelism = 1 };

        await Runtime.SubmitAsync(spec, ArtifactFile);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Failed, result.FinalStatus);
        Assert.Contains("was not found in the job's artifact", result.FailureCause);
    }

    private IEnumerable<TaskExecutorService> Executors() =>
        Runtime.Cluster.Silos.Select(s => (TaskExecutorService)s.ServiceProvider.GetService(typeof(TaskExecutorService))!);
}
