using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Testing.Diagnostics;
using Xunit;
using static OrleansHa.Storage.Diagnostics.StorageOperationTags;

namespace OrleansHa.Runtime.Tests.Leadership;

/// <summary>
/// A new leader answers the duplicate-id check from the history it lists on taking over. In the counting
/// collection, on a cluster of its own: it counts history reads, and other clusters' reads would add to them.
/// </summary>
[Collection(nameof(StorageOperationCounting))]
public sealed class DuplicateCheckTests
{
    [Fact]
    public async Task JobCleanedUnderTheLastLeader_IsRejectedByTheNext_WhoseChecksOfNewIdsReadNothing()
    {
        await using var runtime = await RuntimeCluster.StartAsync(silos: 2, slotsPerSilo: 2);
        var ended = Specs.SumRange(10, parallelism: 1);
        await runtime.SubmitAsync(ended);
        await runtime.WaitForResultAsync(ended.JobId);
        await runtime.WaitUntilCleanedAsync(ended.JobId);
        var before = await runtime.Leader.GetLeaderAsync();

        await runtime.Cluster.KillSiloAsync(
            runtime.Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == before.SiloAddress),
            TestContext.Current.CancellationToken);
        await Eventually.ThatAsync(
            async () => (await runtime.Leader.GetLeaderAsync()).Epoch > before.Epoch, "a new leader");

        // The new leader lists the history after its recovery; until then its checks read the record.
        using var counter = new StorageOperationRecorder(AzureBlobStorageInstruments.MeterName);
        await Eventually.ThatAsync(
            async () =>
            {
                counter.Reset();
                await runtime.SubmitAsync(Specs.SumRange(10, parallelism: 1));
                return counter.CountAnyOutcome(Stores.History, Operations.Read) == 0;
            },
            "a submission of a new id checked without reading the history",
            counter.ToString);

        // Known from the listing alone: the job ended and was cleaned under the leader that died.
        var again = await Assert.ThrowsAsync<DuplicateJobSubmissionException>(() => runtime.SubmitAsync(ended));
        Assert.True(again.GloballyTerminated);
    }
}
