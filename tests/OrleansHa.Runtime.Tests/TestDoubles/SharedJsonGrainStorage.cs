using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Storage;

namespace OrleansHa.Runtime.Tests.TestDoubles;

/// <summary>
/// A grain storage test double shared by every silo of an in-process test cluster, so grain state survives
/// a killed silo (Orleans' memory storage keeps it in grains that die with their silo). It stores JSON, as
/// the blob and file-system providers will, with ETag-conditional writes, and counts its operations. To be
/// replaced by the file-system grain storage once it lands on main.
/// </summary>
public sealed class SharedJsonGrainStorage : IGrainStorage, OrleansHa.Storage.IGrainStateLister
{
    private readonly ConcurrentDictionary<GrainId, byte> _grains = new();
    private readonly ConcurrentDictionary<string, (string Json, string ETag)> _records = new();
    private long _reads;
    private long _writes;
    private long _clears;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public long Clears => Interlocked.Read(ref _clears);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _reads);
        if (_records.TryGetValue(Key(stateName, grainId), out var record))
        {
            grainState.State = JsonSerializer.Deserialize<T>(record.Json)!;
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _writes);
        var key = Key(stateName, grainId);
        var json = JsonSerializer.Serialize(grainState.State);
        var etag = Guid.NewGuid().ToString("N");
        lock (_records)
        {
            var exists = _records.TryGetValue(key, out var current);
            if (exists ? current.ETag != grainState.ETag : grainState.ETag is not null)
            {
                throw new InconsistentStateException($"Stale write to {key}", current.ETag, grainState.ETag);
            }

            _records[key] = (json, etag);
            _grains[grainId] = 0;
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _clears);
        _records.TryRemove(Key(stateName, grainId), out _);
        _grains.TryRemove(grainId, out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<GrainId> ListGrainIdsAsync(GrainType grainType, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var grainId in _grains.Keys.Where(g => g.Type == grainType))
        {
            yield return grainId;
        }
    }

    private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
}
