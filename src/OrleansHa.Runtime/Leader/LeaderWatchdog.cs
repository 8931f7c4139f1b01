using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Grains;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// Every silo's standby JobManager: it calls the leader grain every
/// <see cref="LeadershipOptions.WatchdogInterval"/>, so that when the leader's silo is declared dead the next
/// call activates a new leader on a live silo instead of waiting for a client or a job to call it.
/// </summary>
internal sealed partial class LeaderWatchdog(
    IGrainFactory grainFactory,
    IOptions<OrleansHaOptions> options,
    ILogger<LeaderWatchdog> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeaderWatchdog), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(WatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WatchAsync()
    {
        var leadership = options.Value.Leadership;
        var leader = grainFactory.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);
        long lastEpoch = 0;
        using var timer = new PeriodicTimer(leadership.WatchdogInterval);
        do
        {
            try
            {
                var info = await leader.GetLeaderAsync().WaitAsync(leadership.WatchdogCallTimeout, _stopping.Token);
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
                // Expected while the leader's silo is being declared dead; the next tick tries again.
                LogLeaderUnreachable(exception);
            }
        }
        while (await WaitForNextTickAsync(timer));
    }

    private async Task<bool> WaitForNextTickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(3030, LogLevel.Debug, "The watchdog sees the leader with epoch {Epoch} on silo {Silo}")]
    private partial void LogLeaderSeen(long epoch, string silo);

    [LoggerMessage(3031, LogLevel.Debug, "The watchdog could not reach the leader; it calls again on its next tick")]
    private partial void LogLeaderUnreachable(Exception exception);
}
