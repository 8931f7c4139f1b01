using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansHa.Leadership;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Jobs;

namespace OrleansHa.Runtime.Leader;

/// <summary>
/// The leader's fencing: each activation wins a new epoch with an ETag-conditional write, publishes its
/// leader info, and deactivates as soon as it learns that a newer epoch exists.
/// </summary>
internal sealed partial class JobManagerGrain
{
    private long _epoch;
    private LeaderInfo _leaderInfo = null!;
    private bool _published;

    /// <summary>
    /// Increments the stored epoch. A conflict means another activation won it first: this one fails its
    /// activation, so it never sends a command, and the caller's next call reaches the winner.
    /// </summary>
    private async Task WinEpochAsync(CancellationToken cancellationToken)
    {
        var previous = _leaderState.State.Epoch;
        _leaderState.State.Epoch = previous + 1;
        try
        {
            await _leaderState.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException exception)
        {
            LogEpochLost(exception, previous + 1);
            Deactivate();
            throw new LeadershipLostException(previous + 1, exception);
        }

        _epoch = _leaderState.State.Epoch;
        _leaderInfo = new LeaderInfo(_localSilo.SiloAddress.ToParsableString(), _epoch, DateTimeOffset.UtcNow);
        RuntimeMetrics.LeadershipsWon.Add(1);
        LogLeadershipWon(_epoch, _leaderInfo.SiloAddress);
        await PublishLeaderInfoAsync(cancellationToken);
    }

    /// <summary>Publishes the leader info; a refusal means a newer epoch is published, so this activation steps down.</summary>
    private async Task PublishLeaderInfoAsync(CancellationToken cancellationToken)
    {
        if (_published || _services.GetService<ILeaderInfoPublisher>() is not { } publisher)
        {
            return;
        }

        try
        {
            if (await publisher.PublishAsync(_leaderInfo, cancellationToken))
            {
                _published = true;
                return;
            }

            StepDown($"a leader info with a newer epoch than {_epoch} is published");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The epoch check timer tries again; the epoch in storage stays the fence meanwhile.
            LogPublishFailed(exception, _epoch);
        }
    }

    /// <summary>
    /// Re-reads the stored epoch (one storage read): an activation that another one superseded learns it
    /// here even when it has nothing to write.
    /// </summary>
    private async Task CheckEpochAsync()
    {
        try
        {
            await _leaderState.ReadStateAsync();
        }
        catch (Exception exception)
        {
            LogEpochCheckFailed(exception, _epoch);
            return;
        }

        if (_leaderState.State.Epoch != _epoch)
        {
            StepDown($"the stored epoch is {_leaderState.State.Epoch}");
            return;
        }

        await PublishLeaderInfoAsync(CancellationToken.None);
    }

    private async Task RevokeLeaderInfoAsync(CancellationToken cancellationToken)
    {
        if (!_published || _services.GetService<ILeaderInfoPublisher>() is not { } publisher)
        {
            return;
        }

        try
        {
            await publisher.RevokeAsync(_epoch, cancellationToken);
        }
        catch (Exception exception)
        {
            LogRevokeFailed(exception, _epoch);
        }
    }

    /// <summary>A job grain refused a command of this epoch: a newer leader exists, so this one steps down.</summary>
    private bool IsSuperseded(Exception exception)
    {
        if (exception is not StaleEpochException stale)
        {
            return false;
        }

        StepDown($"a job grain has seen epoch {stale.HighestSeen}");
        return true;
    }

    /// <summary>
    /// Deactivates this leader, and first ends the waits of its recovery: Orleans runs OnDeactivateAsync only
    /// after the work in flight has finished, and a job grain that is recovering may be waiting to call this
    /// leader back, so a recovery still waiting on it would hold the deactivation for the call timeout.
    /// </summary>
    private void Deactivate()
    {
        _deactivating.Cancel();
        DeactivateOnIdle();
    }

    private void StepDown(string why)
    {
        LogSuperseded(_epoch, why);
        _published = false;
        Deactivate();
    }

    [LoggerMessage(3010, LogLevel.Information, "This silo ({Silo}) leads the cluster with epoch {Epoch}")]
    private partial void LogLeadershipWon(long epoch, string silo);

    [LoggerMessage(3011, LogLevel.Warning, "Another leader activation won epoch {Epoch} first: this activation deactivates")]
    private partial void LogEpochLost(Exception exception, long epoch);

    [LoggerMessage(3012, LogLevel.Warning, "The leader with epoch {Epoch} was superseded ({Why}): it deactivates")]
    private partial void LogSuperseded(long epoch, string why);

    [LoggerMessage(3013, LogLevel.Warning, "The leader info of epoch {Epoch} could not be published; it is retried")]
    private partial void LogPublishFailed(Exception exception, long epoch);

    [LoggerMessage(3014, LogLevel.Warning, "The leader with epoch {Epoch} could not re-read its stored epoch")]
    private partial void LogEpochCheckFailed(Exception exception, long epoch);

    [LoggerMessage(3015, LogLevel.Warning, "The leader info of epoch {Epoch} could not be revoked")]
    private partial void LogRevokeFailed(Exception exception, long epoch);
}
