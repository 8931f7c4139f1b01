using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Checkpoints;

/// <summary>
/// The completed checkpoints of one job: one state write per completed checkpoint, small payloads inline in
/// that state and the others in the checkpoint payload store, restore from the newest readable one. Its job
/// grain is its only caller, once per checkpoint: activated on the job grain's silo, that call and its
/// inline payloads stay in the process.
/// </summary>
[GrainType("checkpoint")]
[PreferLocalPlacement]
internal sealed partial class CheckpointGrain(
    [PersistentState("checkpoints", GrainStorageNames.OrleansHa)] IPersistentState<CheckpointGrainState> state,
    IServiceProvider services,
    ILogger<CheckpointGrain> logger) : Grain, ICheckpointStoreGrain
{
    private JobId JobId => new(this.GetPrimaryKeyString());

    private ICheckpointPayloadStore Payloads => services.GetService<ICheckpointPayloadStore>() ??
        throw new InvalidOperationException($"No {nameof(ICheckpointPayloadStore)} is registered on this silo; register one on every silo.");

    public Task CompleteAsync(CompletedCheckpoint checkpoint, int retained) =>
        CompleteWithPayloadsAsync(checkpoint, new Dictionary<int, byte[]>(), retained);

    public async Task CompleteWithPayloadsAsync(
        CompletedCheckpoint checkpoint, IReadOnlyDictionary<int, byte[]> inlinePayloads, int retained)
    {
        var list = state.State.Retained;
        if (list.Count > 0 && checkpoint.CheckpointId <= list[^1].CheckpointId)
        {
            return;
        }

        list.Add(checkpoint);
        if (inlinePayloads.Count > 0)
        {
            state.State.InlinePayloads[checkpoint.CheckpointId] = new Dictionary<int, byte[]>(inlinePayloads);
        }

        var dropped = list.Take(Math.Max(0, list.Count - Math.Max(1, retained))).ToList();
        list.RemoveRange(0, dropped.Count);
        var withStoredPayloads = dropped.Where(HasStoredPayloads).ToList();
        foreach (var old in dropped)
        {
            state.State.InlinePayloads.Remove(old.CheckpointId);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The state in memory now holds a checkpoint the storage may not (or a write that timed out may
            // have landed, moving the ETag): the next call reads the stored state afresh.
            DeactivateOnIdle();
            throw;
        }

        // The metadata no longer names them, so a failed delete leaves only garbage, removed with the job's data.
        // A checkpoint whose payloads were all inline has nothing in the payload store: no request at all.
        foreach (var old in withStoredPayloads)
        {
            try
            {
                await Payloads.DeleteCheckpointAsync(JobId, old.CheckpointId);
            }
            catch (Exception exception)
            {
                LogDeleteFailed(exception, JobId, old.CheckpointId);
            }
        }
    }

    public async Task DiscardPendingAsync(long checkpointId)
    {
        if (state.State.Retained.Any(c => c.CheckpointId == checkpointId))
        {
            return;
        }

        try
        {
            await Payloads.DeleteCheckpointAsync(JobId, checkpointId);
        }
        catch (Exception exception)
        {
            LogDeleteFailed(exception, JobId, checkpointId);
        }
    }

    public async Task DiscardAllAsync()
    {
        await Payloads.DeleteAllAsync(JobId);
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new CheckpointGrainState();
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<CompletedCheckpoint>> GetRetainedAsync() =>
        Task.FromResult<IReadOnlyList<CompletedCheckpoint>>([.. state.State.Retained]);

    public async Task<CompletedCheckpoint?> ResolveRestoreAsync() => (await ResolveRestoreWithPayloadsAsync())?.Checkpoint;

    public async Task<CheckpointRestore?> ResolveRestoreWithPayloadsAsync()
    {
        for (var i = state.State.Retained.Count - 1; i >= 0; i--)
        {
            var checkpoint = state.State.Retained[i];
            var problem = await FindProblemAsync(checkpoint);
            if (problem is null)
            {
                return new CheckpointRestore(checkpoint, InlinePayloadsOf(checkpoint.CheckpointId));
            }

            LogUnreadable(JobId, checkpoint.CheckpointId, problem, i > 0 ? state.State.Retained[i - 1].CheckpointId : null);
        }

        return null;
    }

    public Task<IReadOnlyDictionary<int, byte[]>> GetInlinePayloadsAsync(long checkpointId) =>
        Task.FromResult(InlinePayloadsOf(checkpointId));

    private IReadOnlyDictionary<int, byte[]> InlinePayloadsOf(long checkpointId) =>
        state.State.InlinePayloads.TryGetValue(checkpointId, out var payloads) ? payloads : new Dictionary<int, byte[]>();

    /// <summary>Whether a subtask of the checkpoint wrote its payload to the payload store rather than inline.</summary>
    private bool HasStoredPayloads(CompletedCheckpoint checkpoint)
    {
        var inline = InlinePayloadsOf(checkpoint.CheckpointId);
        return Enumerable.Range(0, checkpoint.Parallelism)
            .Any(subtask => !checkpoint.FinishedSubtasks.ContainsKey(subtask) && !inline.ContainsKey(subtask));
    }

    /// <summary>Reads every payload of the checkpoint; says what is wrong, or null when all are sound.</summary>
    private async Task<string?> FindProblemAsync(CompletedCheckpoint checkpoint)
    {
        var inline = InlinePayloadsOf(checkpoint.CheckpointId);
        for (var subtask = 0; subtask < checkpoint.Parallelism; subtask++)
        {
            if (checkpoint.FinishedSubtasks.ContainsKey(subtask))
            {
                continue;
            }

            try
            {
                ReadOnlyMemory<byte> payload = inline.TryGetValue(subtask, out var bytes)
                    ? bytes
                    : await Payloads.GetAsync(JobId, checkpoint.CheckpointId, subtask);
                var snapshot = SubtaskSnapshot.Decode(payload, checkpoint.CheckpointId, subtask);
                if (snapshot.Attempt != checkpoint.Attempt)
                {
                    return $"the payload of subtask {subtask} was written by attempt {snapshot.Attempt}, not {checkpoint.Attempt}";
                }
            }
            catch (CheckpointPayloadNotFoundException)
            {
                return $"the payload of subtask {subtask} is missing";
            }
            catch (InvalidDataException exception)
            {
                return $"the payload of subtask {subtask} is unusable: {exception.Message}";
            }
        }

        return null;
    }

    [LoggerMessage(3300, LogLevel.Warning, "Could not delete the payloads of dropped checkpoint {CheckpointId} of job {JobId}")]
    private partial void LogDeleteFailed(Exception exception, JobId jobId, long checkpointId);

    [LoggerMessage(3301, LogLevel.Warning, "Checkpoint {CheckpointId} of job {JobId} cannot be restored ({Problem}); falling back to the previous retained checkpoint {PreviousCheckpointId}")]
    private partial void LogUnreadable(JobId jobId, long checkpointId, string problem, long? previousCheckpointId);
}
