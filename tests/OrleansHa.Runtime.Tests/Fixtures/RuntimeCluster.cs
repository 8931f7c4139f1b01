using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Hosting;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Tests.TestDoubles;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// An in-process Orleans cluster running the job runtime, with stores shared by its silos, as one storage
/// account or directory is shared by real silos.
/// </summary>
public sealed class RuntimeCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private RuntimeCluster(InProcessTestCluster cluster, int slotsPerSilo)
    {
        Cluster = cluster;
        SlotsPerSilo = slotsPerSilo;
    }

    public InProcessTestCluster Cluster { get; }

    public int SlotsPerSilo { get; }

    public SharedJsonGrainStorage GrainStorage { get; private init; } = null!;

    public InMemoryCheckpointPayloadStore Payloads { get; private init; } = null!;

    public InMemoryArtifactStore Artifacts { get; private init; } = null!;

    public IClusterClient Client => Cluster.Client;

    public IJobManagerGrain Leader => Client.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);

    public static async Task<RuntimeCluster> StartAsync(int silos, int slotsPerSilo)
    {
        var grainStorage = new SharedJsonGrainStorage();
        var payloads = new InMemoryCheckpointPayloadStore();
        var artifacts = new InMemoryArtifactStore();
        var builder = new InProcessTestClusterBuilder((short)silos);
        var fileLog = FileLoggerProvider.FromEnvironment();
        builder.ConfigureSilo((_, silo) =>
        {
            if (fileLog is not null)
            {
                silo.Services.AddLogging(logging => logging.AddProvider(fileLog).SetMinimumLevel(LogLevel.Debug));
            }

            silo.AddOrleansHa(options =>
            {
                options.TaskExecutor.Slots = slotsPerSilo;
                options.MaxParallelism = 64;
                options.MembershipCheckInterval = TimeSpan.FromMilliseconds(100);
                options.SubtaskCancellationTimeout = TimeSpan.FromSeconds(5);
            });
            silo.Services.AddGrainStorage(GrainStorageNames.OrleansHa, (_, _) => grainStorage);
            silo.Services.AddKeyedSingleton<IGrainStateLister>(GrainStorageNames.OrleansHa, grainStorage);
            silo.Services.AddSingleton<ICheckpointPayloadStore>(payloads);
            silo.Services.AddSingleton<IArtifactStore>(artifacts);

            // A killed silo is declared dead within a few seconds rather than the production default.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var runtime = new RuntimeCluster(cluster, slotsPerSilo) { GrainStorage = grainStorage, Payloads = payloads, Artifacts = artifacts };
        await runtime.WaitForSlotsAsync(silos * slotsPerSilo);
        return runtime;
    }

    public IJobMasterGrain Job(JobId jobId) => Client.GetGrain<IJobMasterGrain>(jobId.Value);

    public Task<JobId> SubmitAsync(JobSpec spec, params JobArtifactFile[] files) => Leader.SubmitAsync(spec, files);

    public async Task WaitForSlotsAsync(int totalSlots, int usedSlots = -1)
    {
        await Eventually.ThatAsync(
            async () =>
            {
                var slots = await Leader.GetClusterSlotsAsync();
                return slots.TotalSlots == totalSlots && (usedSlots < 0 || slots.UsedSlots == usedSlots);
            },
            $"the leader's slot table to hold {totalSlots} slots ({usedSlots} used)");
    }

    public async Task<JobDetails> WaitForStatusAsync(JobId jobId, params JobStatus[] statuses)
    {
        JobDetails? details = null;
        await Eventually.ThatAsync(
            async () =>
            {
                details = await Job(jobId).GetDetailsAsync();
                return statuses.Contains(details.Status);
            },
            $"job {jobId} to reach {string.Join(" or ", statuses)}",
            () => $"last seen: {details}");
        return details!;
    }

    public async Task<JobResult> WaitForResultAsync(JobId jobId)
    {
        var details = await WaitForStatusAsync(jobId, JobStatus.Finished, JobStatus.Failed, JobStatus.Canceled);
        return details.Result!;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
