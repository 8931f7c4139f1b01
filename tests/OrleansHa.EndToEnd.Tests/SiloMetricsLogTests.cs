using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Client;
using OrleansHa.EndToEnd.Tests.Fixtures;
using OrleansHa.Jobs;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Testing.Silo;
using Xunit;

namespace OrleansHa.EndToEnd.Tests;

/// <summary>A silo process started with a metrics log period writes its OrleansHa metrics to its log, where tools read them.</summary>
public sealed class SiloMetricsLogTests(EndToEndServers servers)
{
    private const string Operations = StorageOperationTags.CounterName;

    [Fact]
    public async Task ASiloWithAMetricsLogPeriod_LogsTheJobsItFinished_AndTheStorageOperationsTheyCost()
    {
        using var cluster = SiloProcessCluster.Start(
            1, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString, "--OrleansHa:MetricsLogPeriod=00:00:00.200");
        using var host = await cluster.ConnectClientAsync(cancellationToken: TestContext.Current.CancellationToken);
        var jobs = host.Services.GetRequiredService<JobClient>();

        var before = cluster.ReadMetrics();
        var jobId = await jobs.SubmitAsync(new JobSpec
        {
            JobId = JobId.New(),
            EntryType = "OrleansHa.Examples.SumRange",
            Parallelism = 1,
            Parameters = new Dictionary<string, string> { ["n"] = "10" },
        }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(JobStatus.Finished, (await jobs.WaitForResultAsync(jobId, TestContext.Current.CancellationToken)).FinalStatus);

        // The entry's delete on commit is the job's last storage operation.
        var after = await Poll.UntilAsync(
            () => Task.FromResult(cluster.ReadMetrics()),
            metrics => metrics.Counter(Operations, $"store={StorageOperationTags.Stores.JobResultStore}", $"operation={StorageOperationTags.Operations.Delete}") >= 1,
            "the job result store's delete in the metrics log", TimeSpan.FromMinutes(1), () => cluster.TailOfLogs());
        var job = after.Minus(before);

        Assert.Equal(1, job.Counter("orleansha.jobs.finished"));
        Assert.Equal(1, job.Counter(Operations, $"store={StorageOperationTags.Stores.JobResultStore}", $"operation={StorageOperationTags.Operations.Write}"));
        Assert.Equal(1, job.Counter(Operations, $"store={StorageOperationTags.Stores.History}", $"operation={StorageOperationTags.Operations.Write}"));
    }
}
