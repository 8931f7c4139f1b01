using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage;
using OrleansHa.Testing.Azurite;
using Xunit;

namespace OrleansHa.Runtime.Tests.Cleanup;

/// <summary>The HA data lifecycle of ended jobs (DESIGN 6) and the cleanup grain, on Azurite.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HaDataLifecycleTests(SharedClusterFixture fixture)
{
    private const string ArtifactAssembly = "OrleansHa.Runtime.Tests.ArtifactJob";
    private static readonly TimeSpan AzuritePersistInterval = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task EndedJob_LeavesNothingButItsHistoryRecord_AndItsIdCannotBeSubmittedAgain()
    {
        var runtime = fixture.Runtime;
        var spec = new JobSpec
        {
            JobId = JobId.New(),
            EntryType = "ArtifactJobs.CountTo",
            Parallelism = 2,
            Parameters = new Dictionary<string, string> { ["n"] = "600", ["delayMs"] = "2" },
            CheckpointInterval = TimeSpan.FromMilliseconds(50),
            RetainedCheckpoints = 2,
        };
        var artifact = new JobArtifactFile(
            ArtifactAssembly + ".dll", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "artifact-job", ArtifactAssembly + ".dll")));

        await runtime.SubmitAsync(spec, artifact);
        var result = await runtime.WaitForResultAsync(spec.JobId);
        Assert.Equal(JobStatus.Finished, result.FinalStatus);

        // Artifacts, checkpoint payloads, grain states and the JobResultStore entry are all gone; the history
        // record stays for clients.
        IReadOnlyList<string> left = [];
        await Eventually.ThatAsync(
            async () =>
            {
                left = [.. (await runtime.ListBlobNamesAsync(runtime.Layout.ClusterPrefix)).Where(n => n.Contains(spec.JobId.Value, StringComparison.Ordinal))];
                return left.Count == 1;
            },
            "only the job's history record to be left in storage",
            () => string.Join(", ", left));
        Assert.Equal(runtime.Layout.HistoryPrefix + spec.JobId.Value + ".json", Assert.Single(left));
        Assert.False(await runtime.SiloServices.GetRequiredService<IJobResultStore>().HasEntryAsync(spec.JobId, TestContext.Current.CancellationToken));
        var history = await runtime.SiloServices.GetRequiredService<IJobHistoryStore>().GetAsync(spec.JobId, TestContext.Current.CancellationToken);
        Assert.Equal((JobStatus.Finished, 1200L), (history?.FinalStatus, history?.Accumulators["counted"]));

        var again = await Assert.ThrowsAsync<DuplicateJobSubmissionException>(() => runtime.SubmitAsync(spec, artifact));
        Assert.True(again.GloballyTerminated, again.Message);
    }

    /// <remarks>
    /// The second case is an entry that cannot be read, of a job whose history record is past its retention:
    /// only the entry's name says that the job ended, and a leader that knew dirty jobs only from readable
    /// entries would run the job again.
    /// </remarks>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DirtyEntryLeftByADeadLeader_IsCleanedUnderTheNextLeader_AndTheJobNeverRunsAgain(bool corruptEntryAndNoHistory)
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 3, slotsPerSilo: 2);
        var jobId = await LeaveADirtyJobBehindAsync(runtime, corruptEntry: corruptEntryAndNoHistory, withHistory: !corruptEntryAndNoHistory);
        var before = await runtime.Leader.GetLeaderAsync();

        await runtime.Cluster.KillSiloAsync(
            runtime.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.SiloAddress), TestContext.Current.CancellationToken);

        await WaitUntilCleanedAsync(runtime, jobId, historyKept: !corruptEntryAndNoHistory);
        Assert.True((await runtime.Leader.GetLeaderAsync()).Epoch > before.Epoch);
        Assert.DoesNotContain(jobId, await runtime.Leader.GetLiveJobsAsync());
        var slots = await runtime.Leader.GetClusterSlotsAsync();
        Assert.Equal(0, slots.UsedSlots);
        var history = await runtime.SiloServices.GetRequiredService<IJobHistoryStore>().GetAsync(jobId, TestContext.Current.CancellationToken);
        Assert.Equal(!corruptEntryAndNoHistory, history is not null);
    }

    [Fact]
    public async Task CorruptDirtyEntry_IsCleanedByTheCleanupGrainLikeAnyOther()
    {
        var runtime = fixture.Runtime;
        var jobId = await LeaveADirtyJobBehindAsync(runtime, corruptEntry: true);

        await runtime.Client.GetGrain<ICleanupGrain>(ICleanupGrain.Key).WakeAsync();

        await WaitUntilCleanedAsync(runtime, jobId);
    }

    [Fact]
    public async Task StorageDownDuringCleanup_TheEntryStaysDirty_AndIsCleanedOnceStorageIsBack()
    {
        await using var azurite = await AzuriteServer.StartAsync(TestContext.Current.CancellationToken);
        await using var runtime = await RuntimeCluster.StartAsync(silos: 2, slotsPerSilo: 1, azurite: azurite);
        var jobId = await LeaveADirtyJobBehindAsync(runtime);
        using var failures = new CleanupFailureCounter();

        // Azurite saves its blob index every 5 s and a kill loses what came after (Azure itself loses nothing
        // it acknowledged): let it save, so what the test checks after the restart is ours, not Azurite's.
        await Task.Delay(AzuritePersistInterval, TestContext.Current.CancellationToken);
        azurite.Stop();
        await runtime.Client.GetGrain<ICleanupGrain>(ICleanupGrain.Key).WakeAsync();
        await Eventually.ThatAsync(() => Task.FromResult(failures.Count >= 2), "the cleanup grain to fail and retry while storage is down");
        await azurite.StartAgainAsync(TestContext.Current.CancellationToken);

        await WaitUntilCleanedAsync(runtime, jobId);
        var history = await runtime.SiloServices.GetRequiredService<IJobHistoryStore>().GetAsync(jobId, TestContext.Current.CancellationToken);
        Assert.Equal(JobStatus.Finished, history?.FinalStatus);
    }

    /// <summary>
    /// What a leader that died after the dirty entry and before the cleanup leaves: the job grain's state of a
    /// job that would run forever, a checkpoint payload, the history record and the dirty entry.
    /// </summary>
    private static async Task<JobId> LeaveADirtyJobBehindAsync(RuntimeCluster runtime, bool corruptEntry = false, bool withHistory = true)
    {
        var spec = Specs.NeverEnding(parallelism: 1, checkpointInterval: TimeSpan.FromSeconds(1));
        var services = runtime.SiloServices;
        var grainState = new GrainState<JobGrainState>(new JobGrainState
        {
            Spec = spec,
            Status = JobStatus.Created,
            Attempt = 1,
            SubmittedAt = DateTimeOffset.UtcNow,
        });
        await services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa)
            .WriteStateAsync("job", GrainId.Create(JobGrain.GrainTypeName, spec.JobId.Value), grainState);
        await services.GetRequiredService<ICheckpointPayloadStore>().PutAsync(spec.JobId, 1, 0, new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken);
        var result = new JobResult(spec.JobId, JobStatus.Finished, new Dictionary<string, long> { ["ticks"] = 3 }, TimeSpan.FromSeconds(3), null);
        if (withHistory)
        {
            await services.GetRequiredService<IJobHistoryStore>().PutAsync(result, TestContext.Current.CancellationToken);
        }

        await services.GetRequiredService<IJobResultStore>().CreateDirtyResultAsync(result, TestContext.Current.CancellationToken);
        if (corruptEntry)
        {
            await runtime.Container.GetBlobClient(runtime.Layout.DirtyJobResult(spec.JobId))
                .UploadAsync(BinaryData.FromString("{\"version\":1,"), overwrite: true, TestContext.Current.CancellationToken);
        }

        return spec.JobId;
    }

    private static async Task WaitUntilCleanedAsync(RuntimeCluster runtime, JobId jobId, bool historyKept = true)
    {
        await runtime.WaitUntilCleanedAsync(jobId, historyKept);
        Assert.False(await runtime.SiloServices.GetRequiredService<IJobResultStore>().HasEntryAsync(jobId, TestContext.Current.CancellationToken));
    }

    /// <summary>Counts the cleanup grain's failed attempts from its metric.</summary>
    private sealed class CleanupFailureCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public CleanupFailureCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "OrleansHa.Runtime" && instrument.Name == "orleansha.cleanup.failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
