using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Client;
using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage;
using Xunit;

namespace OrleansHa.Runtime.Tests.Client;

/// <summary>The client SDK against real clusters on ZooKeeper and Azurite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JobClientTests(SharedClusterFixture fixture)
{
    private static readonly string ArtifactPath =
        Path.Combine(AppContext.BaseDirectory, "artifact-job", "OrleansHa.Runtime.Tests.ArtifactJob.dll");

    [Fact]
    public async Task SubmitWithAnArtifactFile_ThenFollowTheJob_ToItsResult()
    {
        var client = Client(fixture.Runtime);
        var spec = new JobSpec
        {
            JobId = JobId.New(),
            EntryType = "ArtifactJobs.CountTo",
            Parallelism = 2,
            Parameters = new Dictionary<string, string> { ["n"] = "300", ["delayMs"] = "2" },
            CheckpointInterval = TimeSpan.FromMilliseconds(50),
        };

        Assert.Equal(spec.JobId, await client.SubmitAsync(spec, [ArtifactPath], TestContext.Current.CancellationToken));
        Assert.Contains(spec.JobId, await client.ListJobsAsync(TestContext.Current.CancellationToken));
        var statuses = new List<JobDetails>();
        await foreach (var details in client.WatchAsync(spec.JobId, TestContext.Current.CancellationToken))
        {
            statuses.Add(details);
            if (details.LatestCompletedCheckpointId is not null && statuses.Count(d => d.LatestCompletedCheckpointId is not null) == 1)
            {
                Assert.NotEmpty(await client.GetCheckpointsAsync(spec.JobId, TestContext.Current.CancellationToken));
            }
        }

        var result = await client.WaitForResultAsync(spec.JobId, TestContext.Current.CancellationToken);
        Assert.Equal((JobStatus.Finished, 600L), (result.FinalStatus, result.Accumulators["counted"]));
        Assert.Equal(JobStatus.Finished, statuses[^1].Status);
        Assert.Contains(statuses, d => d.LatestCompletedCheckpointId is not null);
        Assert.Equal(await fixture.Runtime.Leader.GetLeaderAsync(), await client.GetLeaderAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AfterTheJobsCleanup_ItsResultComesFromHistory()
    {
        var runtime = fixture.Runtime;
        var client = Client(runtime);
        var spec = Specs.SumRange(100, parallelism: 2);
        await client.SubmitAsync(spec, cancellationToken: TestContext.Current.CancellationToken);
        await client.WaitForResultAsync(spec.JobId, TestContext.Current.CancellationToken);
        var resultStore = runtime.SiloServices.GetRequiredService<IJobResultStore>();
        await Eventually.ThatAsync(async () => !await resultStore.HasEntryAsync(spec.JobId), "the job's cleanup");

        // Without its activation the job grain has nothing left: its state was deleted with the HA data.
        await runtime.Cluster.DeactivateAsync(GrainId.Create("job", spec.JobId.Value));
        var details = await client.GetStatusAsync(spec.JobId, TestContext.Current.CancellationToken);

        Assert.Equal(JobStatus.Finished, details.Status);
        Assert.Equal(Specs.ExpectedSum(100), details.Result!.Accumulators[SumRange.Sum]);
        var waited = await client.WaitForResultAsync(spec.JobId, TestContext.Current.CancellationToken);
        Assert.Equal((JobStatus.Finished, Specs.ExpectedSum(100)), (waited.FinalStatus, waited.Accumulators[SumRange.Sum]));
    }

    [Fact]
    public async Task MissingArtifactFile_IsATypedErrorNamingTheFile()
    {
        var spec = Specs.SumRange(10, parallelism: 1);

        var error = await Assert.ThrowsAsync<JobSpecValidationException>(
            () => Client(fixture.Runtime).SubmitAsync(spec, ["/no/such/job.dll"], TestContext.Current.CancellationToken));

        Assert.Contains("/no/such/job.dll", error.Message);
        await Assert.ThrowsAsync<UnknownJobException>(() => Client(fixture.Runtime).GetStatusAsync(spec.JobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SubmissionsWhileTheLeadersSiloIsKilled_AllSucceedExactlyOnce()
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 3, slotsPerSilo: 4);
        var client = Client(runtime);
        var killed = false;
        var ids = new List<JobId>();
        for (var i = 0; i < 24; i++)
        {
            if (i == 6)
            {
                var leader = await client.GetLeaderAsync(TestContext.Current.CancellationToken);
                _ = runtime.Cluster.KillSiloAsync(
                    runtime.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == leader.SiloAddress), TestContext.Current.CancellationToken);
                killed = true;
            }

            ids.Add(await client.SubmitAsync(Specs.SumRange(50, parallelism: 1), cancellationToken: TestContext.Current.CancellationToken));
        }

        Assert.True(killed);
        Assert.Equal(24, ids.Distinct().Count());
        foreach (var id in ids)
        {
            var result = await client.WaitForResultAsync(id, TestContext.Current.CancellationToken);
            Assert.Equal((JobStatus.Finished, Specs.ExpectedSum(50)), (result.FinalStatus, result.Accumulators[SumRange.Sum]));
        }
    }

    private static JobClient Client(RuntimeCluster runtime) => new(runtime.Client, Microsoft.Extensions.Options.Options.Create(new JobClientOptions()));
}
