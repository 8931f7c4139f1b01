using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansHa.Storage;

/// <summary>
/// What every OrleansHa grain storage backend does with a stored record once it has its bytes, so the
/// backends differ only in how they reach them: an empty record is a cleared state, a record that does not
/// deserialize is an error naming it (never a fresh state that a later write would put over it), and a
/// lost condition is Orleans' <see cref="InconsistentStateException"/> with both ETags.
/// </summary>
public static class GrainStateRecord
{
    /// <summary>Fills <paramref name="grainState"/> from a stored record and its ETag.</summary>
    /// <exception cref="CorruptStoredRecordException">The record does not deserialize as <typeparamref name="T"/>.</exception>
    public static void Load<T>(
        IGrainState<T> grainState, BinaryData content, string eTag, IGrainStorageSerializer serializer,
        IActivatorProvider activators, string location)
    {
        if (content.ToMemory().IsEmpty)
        {
            // A cleared state kept as an empty record (DeleteStateOnClear = false).
            Reset(grainState, eTag, activators);
            return;
        }

        T? state;
        try
        {
            state = serializer.Deserialize<T>(content);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CorruptStoredRecordException(
                location, $"it does not deserialize as {typeof(T).Name} ({e.Message})", e);
        }

        grainState.State = state ?? activators.GetActivator<T>().Create();
        grainState.RecordExists = state is not null;
        grainState.ETag = eTag;
    }

    /// <summary>A fresh state with no record: after a read that found nothing, or a clear.</summary>
    public static void Reset<T>(IGrainState<T> grainState, string? eTag, IActivatorProvider activators)
    {
        grainState.State = activators.GetActivator<T>().Create();
        grainState.RecordExists = false;
        grainState.ETag = eTag;
    }

    public static InconsistentStateException Conflict(
        string operation, string location, string? currentETag, string? storedETag, Exception? cause = null) =>
        new(
            $"The conditional {operation} of '{location}' found another version: the grain held ETag " +
            $"'{currentETag ?? "(none)"}', storage has '{storedETag ?? "(none)"}'. Another activation wrote this " +
            "state; re-read it before writing again.",
            storedETag, currentETag, cause);
}
