using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>A checkpoint store that fails leaves no checkpoint grain working from a state the storage does not hold.</summary>
public sealed class CheckpointStoreFailureTests
{
    [Fact]
    public async Task AWriteThatLandedButFailedForItsCaller_TheNextCheckpointsAreStoredWithoutAConflict()
    {
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 1, slotsPerSilo: 1,
            configureSilo: silo => SlowCheckpointStateWrites.Decorate(silo.Services, TimeSpan.Zero));
        var writes = SlowCheckpointStateWrites.Of(runtime.SiloServices);
        var spec = Specs.NeverEnding(parallelism: 1, checkpointInterval: TimeSpan.FromMilliseconds(50));
        await runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 2, "two completed checkpoints");

        Interlocked.Exchange(ref writes.WritesToLandThenFail, 1);
        var completedBefore = writes.Completed;
        await Eventually.ThatAsync(
            () => Task.FromResult(writes.Completed >= completedBefore + 5), "five more checkpoint state writes after the failed one");
        await runtime.Job(spec.JobId).CancelAsync();

        Assert.Equal(0, Volatile.Read(ref writes.WritesToLandThenFail));
        Assert.Equal(0, writes.Conflicts);
    }
}
