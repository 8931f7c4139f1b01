using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Grains;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// Every silo's standby JobManager: it calls the leader grain every
/// <see cref="LeadershipOptions.WatchdogInterval"/>, so that when the leader's silo is declared dead the next
/// call activates a new leader on a live silo instead of waiting for a client or a job to call it. A silo
/// leaving the membership wakes it at once, and it then calls again every
/// <see cref="FastRetryInterval"/> until the leader answers, so a new leader is not kept waiting for a tick.
/// </summary>
internal sealed partial class LeaderWatchdog(
    IGrainFactory grainFactory,
    IClusterMembershipService membership,
    IOptions<OrleansHaOptions> options,
    ILogger<LeaderWatchdog> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan FastRetryInterval = TimeSpan.FromMilliseconds(20);

    // Calls made at the fast interval after a silo left, before the watchdog falls back to its ticks.
    private const int FastRetries = 100;

    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _wakeGate = new();
    private Task _loop = Task.CompletedTask;
    private Task _membershipLoop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeaderWatchdog), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(WatchAsync, CancellationToken.None);
        _membershipLoop = Task.Run(WakeOnDepartureAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loop, _membershipLoop).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync()
    {
        var leadership = options.Value.Leadership;
        var leader = grainFactory.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);
        long lastEpoch = 0;
        var fastRetries = 0;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var info = await leader.GetLeaderAsync().WaitAsync(leadership.WatchdogCallTimeout, _stopping.Token);

                // An answer from a leader whose silo is leaving comes from an activation about to vanish.
                if (IsActive(info.SiloAddress))
                {
                    fastRetries = 0;
                }

                if (info.Epoch != lastEpoch)
                {
                    LogLeaderSeen(info.Epoch, info.SiloAddress);
                    lastEpoch = info.Epoch;
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Expected while the leader's silo is being declared dead; the next call tries again.
                LogLeaderUnreachable(exception);
            }

            var wait = fastRetries > 0 ? FastRetryInterval : leadership.WatchdogInterval;
            fastRetries = Math.Max(0, fastRetries - 1);
            if (await WaitAsync(wait))
            {
                fastRetries = FastRetries;
            }
        }
    }

    /// <summary>Waits for the interval or a wake-up; true when woken.</summary>
    private async Task<bool> WaitAsync(TimeSpan interval)
    {
        try
        {
            return await _wake.WaitAsync(interval, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Wakes the watchdog whenever a silo stops being active or is declared dead: it may have hosted the leader.</summary>
    private async Task WakeOnDepartureAsync()
    {
        var active = new HashSet<SiloAddress>();
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var nowActive = Having(snapshot, SiloStatus.Active);
                var nowDead = Having(snapshot, SiloStatus.Dead);
                if (active.Any(silo => !nowActive.Contains(silo)) || nowDead.Any(silo => !dead.Contains(silo)))
                {
                    Wake();
                }

                active = nowActive;
                dead = nowDead;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The periodic calls still find a new leader, only later.
            LogMembershipWatchFailed(exception);
        }
    }

    private static HashSet<SiloAddress> Having(ClusterMembershipSnapshot snapshot, SiloStatus status) =>
        snapshot.Members.Values.Where(m => m.Status == status).Select(m => m.SiloAddress).ToHashSet();

    private bool IsActive(string siloAddress) =>
        membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && m.SiloAddress.ToParsableString() == siloAddress);

    private void Wake()
    {
        lock (_wakeGate)
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
    }

    [LoggerMessage(3030, LogLevel.Debug, "The watchdog sees the leader with epoch {Epoch} on silo {Silo}")]
    private partial void LogLeaderSeen(long epoch, string silo);

    [LoggerMessage(3031, LogLevel.Debug, "The watchdog could not reach the leader; it calls again on its next tick")]
    private partial void LogLeaderUnreachable(Exception exception);

    [LoggerMessage(3034, LogLevel.Warning, "The watchdog stopped following the membership; it still calls the leader every interval")]
    private partial void LogMembershipWatchFailed(Exception exception);
}
