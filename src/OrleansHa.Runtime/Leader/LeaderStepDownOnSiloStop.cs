namespace OrleansHa.Runtime.Leader;

/// <summary>
/// Lets the leader this silo hosts go the moment the silo's grains start to deactivate on a clean stop. A
/// reentrant grain deactivates only once its running requests have ended, so without this the leader stayed
/// until its slowest submission in flight had finished waiting on storage, and its successor, which Orleans
/// activates only after the old activation is gone, waited with it (545 ms in a handover benchmark of
/// 2026-12-02). Told here, the leader stops waiting: a submission in flight fails with the retryable
/// <see cref="LeadershipLostException"/>, which the client SDK sends again to the next leader.
/// </summary>
/// <remarks>
/// It acts in <see cref="ServiceLifecycleStage.GrainDeactivation"/>, the stage in which Orleans deactivates
/// the silo's grains, after it has marked the silo ShuttingDown: by then the other silos place no new
/// activation here, so the next call activates the successor on one of them.
/// </remarks>
internal sealed class LeaderStepDownOnSiloStop : ILifecycleParticipant<ISiloLifecycle>
{
    private CancellationTokenSource? _hostedLeader;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeaderStepDownOnSiloStop), ServiceLifecycleStage.GrainDeactivation, _ => Task.CompletedTask, OnStopAsync);

    /// <summary>A leader activation on this silo registers what it cancels to stop waiting.</summary>
    public void Hosts(CancellationTokenSource stopWaiting) => Volatile.Write(ref _hostedLeader, stopWaiting);

    /// <summary>The leader activation deactivated: nothing is left to tell.</summary>
    public void Left(CancellationTokenSource stopWaiting) => Interlocked.CompareExchange(ref _hostedLeader, null, stopWaiting);

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _hostedLeader) is { } hostedLeader)
        {
            // Asynchronously, so that no continuation of the leader's runs on the lifecycle's thread.
            await hostedLeader.CancelAsync();
        }
    }
}
