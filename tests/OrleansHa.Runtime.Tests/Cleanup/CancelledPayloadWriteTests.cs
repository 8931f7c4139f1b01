using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage;
using Xunit;

namespace OrleansHa.Runtime.Tests.Cleanup;

/// <summary>Nothing of a cleaned job is left in storage (DESIGN 7), even a payload write in flight at its cancel.</summary>
public sealed class CancelledPayloadWriteTests
{
    [Fact]
    public async Task JobCancelledWhilePayloadWritesAreInFlight_LeavesNoPayloadAfterItsCleanup()
    {
        // The writes take longer than the subtasks' cancellation timeout, so neither the cancelled subtask
        // nor that timeout may end the executor's cancel before its writes have landed.
        var latency = TimeSpan.FromSeconds(2);
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 1, slotsPerSilo: 2,
            configure: o =>
            {
                o.SubtaskCancellationTimeout = TimeSpan.FromMilliseconds(500);

                // NeverEnding's tiny payloads would otherwise ride inline with the acknowledgement, unwritten.
                o.CheckpointInlineThreshold = 0;
            },
            configureSilo: silo => LateLandingPayloadStore.Decorate(silo.Services, latency));
        var payloads = (LateLandingPayloadStore)runtime.SiloServices.GetRequiredService<ICheckpointPayloadStore>();
        var spec = Specs.NeverEnding(parallelism: 2, checkpointInterval: TimeSpan.FromMilliseconds(100));

        await runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(() => Task.FromResult(payloads.InFlight > 0), "a checkpoint payload write to be in flight");
        await runtime.Job(spec.JobId).CancelAsync();

        Assert.Equal(JobStatus.Canceled, (await runtime.WaitForResultAsync(spec.JobId)).FinalStatus);
        // The job grain's state is stored from its submission until its cleanup, so this holds only after it.
        IReadOnlyList<string> left = [];
        await Eventually.ThatAsync(
            async () =>
            {
                left = [.. (await runtime.ListBlobNamesAsync(runtime.Layout.ClusterPrefix)).Where(n => n.Contains(spec.JobId.Value, StringComparison.Ordinal))];
                return left.SequenceEqual([runtime.Layout.History(spec.JobId)]);
            },
            "the job's HA data to be cleaned, leaving its history record",
            () => string.Join(", ", left));
        await Eventually.ThatAsync(() => Task.FromResult(payloads.InFlight == 0), "every payload write sent to land");
        Assert.True(payloads.Started > 0);
        Assert.Empty(await runtime.ListBlobNamesAsync(runtime.Layout.CheckpointsPrefix(spec.JobId)));
    }
}
