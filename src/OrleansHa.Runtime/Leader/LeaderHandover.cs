using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Grains;
using OrleansHa.Leadership;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// Flink's graceful JobManager handover: a silo that shuts down cleanly and hosts the leader has it step down
/// and activates its successor on another active silo first, while its own gateway and task executor still
/// run. Without it the leader would deactivate only with the silo's other grains, after the gateway, the task
/// executor and the membership update, and the next leader would wait for all of that.
/// </summary>
/// <remarks>
/// It starts as soon as the host begins to stop (<see cref="IHostApplicationLifetime.ApplicationStopping"/>),
/// while the host still stops its other services, and the silo's lifecycle waits for it just before
/// <see cref="ServiceLifecycleStage.Active"/> stops (stages stop in reverse). The whole handover is bounded by
/// <see cref="LeadershipOptions.HandoverTimeout"/>; past it the silo stops anyway and the watchdogs activate a
/// leader elsewhere, as after a crash.
/// </remarks>
internal sealed partial class LeaderHandover(
    IGrainFactory grainFactory,
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    SiloDeparture departure,
    IHostApplicationLifetime lifetime,
    IOptions<OrleansHaOptions> options,
    ILogger<LeaderHandover> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // Between two calls that ask whether the successor has won its epoch; the first call usually activates it.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly Lock _gate = new();
    private Task? _handover;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeaderHandover), ServiceLifecycleStage.Active + 1, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => Start());
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        // A cancelled token is an ungraceful stop: nothing is handed over.
        if (!cancellationToken.IsCancellationRequested)
        {
            await Start().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Starts the handover once, from whichever comes first: the host stopping or the silo's lifecycle.</summary>
    private Task Start()
    {
        lock (_gate)
        {
            return _handover ??= Task.Run(HandOverAsync, CancellationToken.None);
        }
    }

    private async Task HandOverAsync()
    {
        // With no other active silo nobody could take over.
        if (!departure.MustNotLead)
        {
            return;
        }

        var timeout = options.Value.Leadership.HandoverTimeout;
        using var bounded = new CancellationTokenSource(timeout);
        var leader = grainFactory.GetGrain<IJobManagerInternalGrain>(IJobManagerGrain.Key);
        var self = localSilo.SiloAddress.ToParsableString();
        try
        {
            var before = await leader.GetLeaderAsync().WaitAsync(bounded.Token);
            if (before.SiloAddress != self)
            {
                return;
            }

            // A successor would lose its directory entry with this silo and be deactivated again: the leader
            // stays until this silo's grains deactivate, and the next call activates it elsewhere, as before.
            if (HoldsLeaderDirectoryEntry(leader))
            {
                LogNotHandedOver(before.Epoch);
                return;
            }

            await leader.StepDownForHandoverAsync(before.Epoch).WaitAsync(bounded.Token);

            // The first call waits for the old activation to deactivate, then activates the successor elsewhere.
            var after = await AskLeaderAsync(leader, bounded.Token);
            while (after is null || after.Epoch <= before.Epoch || after.SiloAddress == self)
            {
                await Task.Delay(PollInterval, bounded.Token);
                after = await AskLeaderAsync(leader, bounded.Token);
            }

            LogHandedOver(before.Epoch, after.Epoch, after.SiloAddress);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested)
        {
            LogHandoverTimedOut(timeout);
        }
        catch (Exception exception)
        {
            LogHandoverFailed(exception);
        }
    }

    /// <summary>
    /// The leader's info, or null when this call failed: a call that reaches this silo through a stale directory
    /// entry is refused here and sent on, and Orleans rejects it after two such hops; the next call goes elsewhere.
    /// </summary>
    private async Task<LeaderInfo?> AskLeaderAsync(IJobManagerInternalGrain leader, CancellationToken cancellationToken)
    {
        try
        {
            return await leader.GetLeaderAsync().WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSuccessorNotYetReached(exception);
            return null;
        }
    }

    private bool HoldsLeaderDirectoryEntry(IJobManagerInternalGrain leader)
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress);
        return localSilo.SiloAddress.Equals(DirectoryRing.OwnerOf(leader.GetGrainId(), active.Append(localSilo.SiloAddress).Distinct()));
    }

    [LoggerMessage(3035, LogLevel.Information, "The leader of epoch {Epoch} stays until this silo's grains deactivate: this silo holds its grain directory entry, so a successor activated now would be deactivated again")]
    private partial void LogNotHandedOver(long epoch);

    [LoggerMessage(3032, LogLevel.Information, "The leader of epoch {Epoch} handed over to silo {Successor}, which leads with epoch {NewEpoch}")]
    private partial void LogHandedOver(long epoch, long newEpoch, string successor);

    [LoggerMessage(3033, LogLevel.Warning, "The leader this silo hosts was not handed over within {Timeout}; the silo stops anyway and a leader is activated elsewhere after it")]
    private partial void LogHandoverTimedOut(TimeSpan timeout);

    [LoggerMessage(3036, LogLevel.Warning, "The leader this silo hosts could not be handed over; the silo stops anyway and a leader is activated elsewhere after it")]
    private partial void LogHandoverFailed(Exception exception);

    [LoggerMessage(3037, LogLevel.Debug, "The successor leader did not answer yet; asking again")]
    private partial void LogSuccessorNotYetReached(Exception exception);
}
