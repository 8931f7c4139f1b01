using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Grains;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// A silo that shuts down cleanly hands the leadership it holds to another active silo first, before its
/// task executor, gateway and grains stop: Flink's graceful JobManager handover, so that a clean shutdown
/// costs the cluster only the successor's epoch write and leader-info publication.
/// </summary>
/// <remarks>
/// It stops ahead of the <see cref="ServiceLifecycleStage.Active"/> stage (lifecycle stages stop in reverse),
/// while the silo still counts as active and still serves calls.
/// </remarks>
internal sealed partial class LeaderHandover(
    IGrainFactory grainFactory,
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    IOptions<OrleansHaOptions> options,
    ILogger<LeaderHandover> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeaderHandover), ServiceLifecycleStage.Active + 1, _ => Task.CompletedTask, OnStopAsync);

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        var timeout = options.Value.Leadership.HandoverTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var leader = grainFactory.GetGrain<IJobManagerInternalGrain>(IJobManagerGrain.Key);
        try
        {
            var before = await leader.GetLeaderAsync().WaitAsync(bounded.Token);
            if (before.SiloAddress != localSilo.SiloAddress.ToParsableString() || Successor() is not { } successor)
            {
                return;
            }

            await leader.HandOverAsync(successor).WaitAsync(bounded.Token);

            // Calls reach the migrated leader once it has activated on the successor and won its epoch.
            while ((await leader.GetLeaderAsync().WaitAsync(bounded.Token)).Epoch <= before.Epoch)
            {
                await Task.Delay(PollInterval, bounded.Token);
            }

            LogHandedOver(before.Epoch, successor);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The silo stops anyway; the next call after its grains are gone activates a leader elsewhere.
            LogHandoverFailed(exception, timeout);
        }
    }

    /// <summary>Another active silo, or null when this is the last one.</summary>
    private SiloAddress? Successor()
    {
        var others = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(localSilo.SiloAddress))
            .Select(m => m.SiloAddress)
            .ToArray();
        return others.Length == 0 ? null : others[Random.Shared.Next(others.Length)];
    }

    [LoggerMessage(3032, LogLevel.Information, "The leader of epoch {Epoch} moved to silo {Successor} before this silo stopped")]
    private partial void LogHandedOver(long epoch, SiloAddress successor);

    [LoggerMessage(3033, LogLevel.Warning, "The leader this silo hosts could not move to another silo within {Timeout}; the silo stops anyway and the next call activates a leader elsewhere")]
    private partial void LogHandoverFailed(Exception exception, TimeSpan timeout);
}
