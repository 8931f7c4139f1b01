using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>A storage slower than the checkpoints asked of it makes them rarer; it does not pile requests up in it.</summary>
public sealed class CheckpointBackpressureTests
{
    [Fact]
    public async Task StorageSlowerThanTheLatencyTarget_OneCheckpointStoreAtATime_AndEveryJobStillCheckpoints()
    {
        // Every checkpoint store takes twice the latency target, so the silo's limit stays at one store.
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 1, slotsPerSilo: 6,
            configure: o =>
            {
                o.MaxConcurrentCheckpointStores = 8;
                o.CheckpointStoreLatencyTarget = TimeSpan.FromMilliseconds(200);
            },
            configureSilo: silo => SlowCheckpointStateWrites.Decorate(silo.Services, TimeSpan.FromMilliseconds(400)));
        var writes = SlowCheckpointStateWrites.Of(runtime.SiloServices);
        var specs = Enumerable.Range(0, 6).Select(_ => Specs.NeverEnding(parallelism: 1, checkpointInterval: TimeSpan.FromMilliseconds(50))).ToList();
        foreach (var spec in specs)
        {
            await runtime.SubmitAsync(spec);
        }

        // Each job asks for 20 checkpoints a second; together they get about two, but each keeps getting some.
        IReadOnlyList<long?> latest = [];
        await Eventually.ThatAsync(
            async () =>
            {
                latest = await Task.WhenAll(specs.Select(async s => (await runtime.Job(s.JobId).GetDetailsAsync()).LatestCompletedCheckpointId));
                return latest.All(id => id >= 2);
            },
            "every job to complete two checkpoints",
            () => $"latest completed checkpoints: {string.Join(", ", latest)}");
        foreach (var spec in specs)
        {
            await runtime.Job(spec.JobId).CancelAsync();
        }

        Assert.True(writes.Completed >= 12);
        Assert.Equal(1, writes.MaxInFlight);
    }
}
