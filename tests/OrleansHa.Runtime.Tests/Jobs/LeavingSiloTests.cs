using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>Jobs whose subtasks ran on a silo that shuts down cleanly move on without calling that silo again.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LeavingSiloTests
{
    /// <summary>
    /// A silo that stops cleanly cancels its subtasks before it turns ShuttingDown, and from then on Orleans
    /// refuses to place a call on its task executor, which is pinned to it. Job masters asked it to cancel
    /// anyway until it was declared dead: in the handover benchmark of 2026-12-02 each such call failed only
    /// after Orleans' placement had retried for about half a second, holding up the job's restart and the
    /// leaving silo's grain deactivation.
    /// </summary>
    /// <remarks>
    /// Several jobs, because a job master whose entry in Orleans' grain directory lived on the leaving silo is
    /// deactivated with it and reconciles instead, asking only the active silos; the others stop their attempt
    /// and cancel it on every silo it ran on, the leaving one included.
    /// </remarks>
    [Fact]
    public async Task ASiloThatRanSubtasksShutsDown_TheJobsRestartElsewhere_WithoutAskingItToCancel()
    {
        var held = new HeldSiloStop();
        var cancels = new CancelCalls();
        await using var runtime = await RuntimeCluster.StartAsync(
            silos: 3, slotsPerSilo: 4,
            configureSilo: silo =>
            {
                held.Install(silo);
                silo.AddOutgoingGrainCallFilter(cancels.InvokeAsync);
            });
        var specs = Enumerable.Range(0, 4).Select(_ => Specs.NeverEnding(parallelism: 2)).ToList();
        var placed = new List<(JobId Job, SiloAddress JobGrainSilo, JobDetails Details)>();
        foreach (var spec in specs)
        {
            await runtime.SubmitAsync(spec);
            var details = await runtime.WaitForStatusAsync(spec.JobId, JobStatus.Running);
            var jobGrainSilo = await runtime.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(runtime.Job(spec.JobId), TestContext.Current.CancellationToken)
                ?? throw new InvalidOperationException($"job {spec.JobId} runs, so its job grain should be active");
            placed.Add((spec.JobId, jobGrainSilo, details));
        }

        // The jobs that run subtasks on a silo while their job master lives elsewhere; the silo with the most leaves.
        List<JobId> AffectedBy(SiloAddress silo) =>
            [.. placed.Where(p => !p.JobGrainSilo.Equals(silo) && p.Details.Subtasks.Any(t => t.Silo == silo.ToParsableString())).Select(p => p.Job)];
        var leaving = runtime.Cluster.Silos.MaxBy(s => AffectedBy(s.SiloAddress).Count)!;
        var leavingKey = leaving.SiloAddress.ToParsableString();
        var affected = AffectedBy(leaving.SiloAddress);
        Assert.NotEmpty(affected);

        cancels.WatchFrom(leavingKey);
        var stopped = runtime.Cluster.StopSiloAsync(leaving, TestContext.Current.CancellationToken);
        try
        {
            foreach (var job in affected)
            {
                JobDetails? after = null;
                await Eventually.ThatAsync(
                    async () => (after = await runtime.Job(job).GetDetailsAsync()) is { Attempt: >= 2, Status: JobStatus.Running }
                        && after.Subtasks.All(t => t.Silo != leavingKey),
                    $"job {job} to run again on the two silos left while the third is shutting down",
                    () => $"last seen: {after}");
            }
        }
        finally
        {
            held.Release();
        }

        await stopped;
        await Task.WhenAll(specs.Select(spec => runtime.Job(spec.JobId).CancelAsync()));

        Assert.Equal(0, cancels.ToTheWatchedSilo);
    }

    /// <summary>Counts the cancel calls made to one silo's task executor from the moment it starts to leave.</summary>
    private sealed class CancelCalls
    {
        private volatile string? _watched;
        private int _calls;

        public int ToTheWatchedSilo => Volatile.Read(ref _calls);

        public void WatchFrom(string siloKey) => _watched = siloKey;

        public Task InvokeAsync(IOutgoingGrainCallContext context)
        {
            if (context.InterfaceMethod?.Name == nameof(ITaskExecutorGrain.CancelAsync)
                && _watched is { } watched
                && context.TargetId.Key.ToString() == watched)
            {
                Interlocked.Increment(ref _calls);
            }

            return context.Invoke();
        }
    }
}
