using System.Globalization;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Leader;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>A job moves on when a step of stopping, restarting or reconciling its attempt fails.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AttemptFailureTests
{
    /// <summary>
    /// Stopping an attempt discards its checkpoint in flight through the checkpoint grain. In the failover
    /// benchmark of 2026-12-02 that call failed (the grain's directory entry was on the silo just killed), the
    /// exception left the job FAILING with no restart scheduled, and it never ran again.
    /// </summary>
    [Fact]
    public async Task TheCheckpointGrainCannotBeReachedWhileAnAttemptStops_TheJobStillRestarts()
    {
        var discards = new FailingCalls(nameof(ICheckpointGrain.DiscardPendingAsync), times: int.MaxValue);
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 1, slotsPerSilo: 1,
            configureSilo: silo => silo.AddIncomingGrainCallFilter(discards.InvokeAsync));

        // Attempt 1 reaches no safe point, so the checkpoints triggered every 100 ms meanwhile stay in flight:
        // the attempt always stops with one to discard.
        var spec = FailsOnceAfter(delayMs: 1500) with { CheckpointInterval = TimeSpan.FromMilliseconds(100) };

        await RunToTheSecondAttemptsFinishAsync(runtime, spec);

        Assert.True(discards.Failed >= 1, "the attempt should have stopped with a checkpoint in flight to discard");
    }

    /// <summary>
    /// The restart writes the next attempt to the job's state before it asks for slots. A write that failed
    /// (storage unreachable for a moment) left the job RESTARTING with nothing scheduled to restart it.
    /// </summary>
    [Fact]
    public async Task TheNextAttemptCannotBeStoredAtFirst_TheRestartIsTriedAgain()
    {
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 1, slotsPerSilo: 1, configureSilo: silo => FailingJobStateWrites.Decorate(silo.Services));
        var writes = FailingJobStateWrites.Of(runtime.SiloServices);

        // The job's next state write is its restart's.
        await RunToTheSecondAttemptsFinishAsync(
            runtime, FailsOnceAfter(delayMs: 3000), whileTheFirstAttemptRuns: () => Interlocked.Exchange(ref writes.WritesToFail, 1));

        Assert.Equal(1, writes.Failed);
    }

    /// <summary>
    /// The restart asks the leader for slots once its next attempt is stored. A leader that could not be
    /// reached then (it was failing over) left the job CREATED, waiting for slots nobody knew it wanted.
    /// </summary>
    [Fact]
    public async Task TheLeaderCannotBeAskedForSlotsAtFirst_TheRequestIsMadeAgain()
    {
        var requests = new FailingCalls(nameof(IJobManagerInternalGrain.RequestSlotsAsync), times: 0);
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 1, slotsPerSilo: 1, configureSilo: silo => silo.AddIncomingGrainCallFilter(requests.InvokeAsync));

        // The next slot request is its restart's.
        await RunToTheSecondAttemptsFinishAsync(
            runtime, FailsOnceAfter(delayMs: 3000), whileTheFirstAttemptRuns: () => requests.FailNext(1));

        Assert.Equal(1, requests.Failed);
    }

    /// <summary>
    /// A job grain activated again after its silo died reconciles with the checkpoint grain's retained
    /// checkpoints. When that call failed, the job stayed RECONCILING: the leader tells a job of a lost silo
    /// once, and its recovery counts a job that answers as live.
    /// </summary>
    [Fact]
    public async Task TheCheckpointGrainCannotBeReachedWhileAJobReconciles_ItReconcilesAgain()
    {
        var retained = new FailingCalls(nameof(ICheckpointGrain.GetRetainedAsync), times: 0);
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 3, slotsPerSilo: 2, configureSilo: silo => silo.AddIncomingGrainCallFilter(retained.InvokeAsync));
        var spec = Specs.NeverEnding(parallelism: 1, checkpointInterval: TimeSpan.FromMilliseconds(100));
        await runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 1, "a completed checkpoint");
        var jobGrainSilo = await runtime.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(runtime.Job(spec.JobId), TestContext.Current.CancellationToken);
        var victim = runtime.Cluster.Silos.Single(s => s.SiloAddress.Equals(jobGrainSilo));

        retained.FailNext(1);
        await runtime.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        await runtime.WaitForStatusAsync(spec.JobId, JobStatus.Running);
        await runtime.Job(spec.JobId).CancelAsync();

        Assert.Equal(1, retained.Failed);
    }

    /// <summary>A one-subtask job whose attempt 1 fails after <paramref name="delayMs"/> without reaching a safe point, and whose attempt 2 finishes.</summary>
    private static JobSpec FailsOnceAfter(int delayMs) =>
        Specs.FailFirstAttempts(1, RestartStrategy.FixedDelay(3, TimeSpan.FromMilliseconds(20)), parallelism: 1) with
        {
            Parameters = new Dictionary<string, string> { ["failAttempts"] = "1", ["delayMs"] = delayMs.ToString(CultureInfo.InvariantCulture) },
        };

    /// <summary>
    /// Submits a <see cref="FailsOnceAfter"/> job, breaks a step with <paramref name="whileTheFirstAttemptRuns"/>
    /// once its attempt 1 runs (it has its delay left), and checks that attempt 2 still ran it to FINISHED.
    /// </summary>
    private static async Task RunToTheSecondAttemptsFinishAsync(RuntimeCluster runtime, JobSpec spec, Action? whileTheFirstAttemptRuns = null)
    {
        await runtime.SubmitAsync(spec);
        if (whileTheFirstAttemptRuns is not null)
        {
            await runtime.WaitForStatusAsync(spec.JobId, JobStatus.Running);
            whileTheFirstAttemptRuns();
        }

        var result = await runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(1, result.Accumulators["done"]);
    }

    /// <summary>Fails the next calls of one grain method, as an unreachable grain does.</summary>
    private sealed class FailingCalls(string method, int times)
    {
        private int _toFail = times;
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public void FailNext(int calls) => Interlocked.Exchange(ref _toFail, calls);

        public Task InvokeAsync(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.Name == method && Volatile.Read(ref _toFail) > 0 && Interlocked.Decrement(ref _toFail) >= 0)
            {
                Interlocked.Increment(ref _failed);
                throw new SiloUnavailableException($"{method} cannot be reached (injected by the test).");
            }

            return context.Invoke();
        }
    }
}
