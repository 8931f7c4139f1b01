using Orleans.Storage;

namespace OrleansHa.Runtime.Persistence;

/// <summary>
/// A grain's persistent state that is read when the grain first needs it, not when it activates as Orleans'
/// <c>[PersistentState]</c> facet does. A grain whose first call creates its record can write it create-only
/// (<see cref="CreateAsync"/>) and skip the read of a record that almost never exists; the storage's
/// If-None-Match condition, not the read, then keeps an existing record from being overwritten.
/// </summary>
internal sealed class OnDemandGrainState<TState>(string stateName, GrainId grainId, IGrainStorage storage)
    where TState : new()
{
    private readonly GrainState<TState> _record = new(new TState());

    /// <summary>Whether the state was read or written by this activation, so that it mirrors storage.</summary>
    public bool IsLoaded { get; private set; }

    public TState State
    {
        // A read of an absent record resets the state to a new instance; it is never null.
        get => _record.State!;
        set => _record.State = value;
    }

    public bool RecordExists
    {
        get
        {
            ThrowIfNotLoaded();
            return _record.RecordExists;
        }
    }

    public async Task LoadAsync()
    {
        await storage.ReadStateAsync(stateName, grainId, _record);
        IsLoaded = true;
    }

    /// <summary>
    /// Writes the state as a new record without reading first; throws <see cref="InconsistentStateException"/>
    /// when a record exists, and leaves this state unloaded then so that the caller reads what is stored.
    /// </summary>
    public async Task CreateAsync()
    {
        if (IsLoaded)
        {
            throw new InvalidOperationException($"The state '{stateName}' of {grainId} is loaded already; write it with WriteAsync.");
        }

        _record.ETag = null;
        await storage.WriteStateAsync(stateName, grainId, _record);
        IsLoaded = true;
    }

    public Task WriteAsync()
    {
        ThrowIfNotLoaded();
        return storage.WriteStateAsync(stateName, grainId, _record);
    }

    public Task ClearAsync()
    {
        ThrowIfNotLoaded();
        return storage.ClearStateAsync(stateName, grainId, _record);
    }

    private void ThrowIfNotLoaded()
    {
        if (!IsLoaded)
        {
            throw new InvalidOperationException($"The state '{stateName}' of {grainId} was used before it was read.");
        }
    }
}
