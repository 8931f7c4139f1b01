using Xunit;
using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;

namespace OrleansHa.Runtime.Tests.Jobs;

[Collection(ClusterCollection.Name)]
public sealed class ExecutionTests(SharedClusterFixture fixture)
{
    private RuntimeCluster Runtime => fixture.Runtime;

    [Fact]
    public async Task SumRange_WithParallelismSix_FinishesWithExactSumAndSpreadsSubtasksOverTheSilos()
    {
        var spec = Specs.SumRange(n: 3_000, parallelism: 6, delayMs: 1, checkpointInterval: TimeSpan.FromMilliseconds(100));

        await Runtime.SubmitAsync(spec);
        var running = await Runtime.WaitForStatusAsync(spec.JobId, JobStatus.Running, JobStatus.Finished);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Null(result.FailureCause);
        Assert.Equal(Specs.ExpectedSum(3_000), result.Accumulators[SumRange.Sum]);
        Assert.Equal(3_000, result.Accumulators[SumRange.Elements]);
        Assert.Equal(6, running.Subtasks.Count);
        Assert.Equal(SharedClusterFixture.Silos, running.Subtasks.Select(s => s.Silo).Distinct().Count());
        await Runtime.WaitForSlotsAsync(SharedClusterFixture.Silos * SharedClusterFixture.SlotsPerSilo, usedSlots: 0);
    }
}
