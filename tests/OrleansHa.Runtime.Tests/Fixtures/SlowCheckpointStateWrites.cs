using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// The silo's OrleansHa grain storage with every write of a checkpoint grain's state taking
/// <see cref="Latency"/> longer, as on an overloaded storage account; it counts how many such writes were in
/// flight at once. Other grains' state passes through untouched.
/// </summary>
public sealed class SlowCheckpointStateWrites(IGrainStorage inner, TimeSpan latency) : DecoratedHaGrainStorage(inner)
{
    private static readonly GrainType CheckpointGrainType = GrainType.Create("checkpoint");
    private readonly Lock _lock = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _completed;
    private int _conflicts;

    public TimeSpan Latency { get; } = latency;

    /// <summary>The most checkpoint state writes that were in flight at once.</summary>
    public int MaxInFlight
    {
        get
        {
            lock (_lock)
            {
                return _maxInFlight;
            }
        }
    }

    /// <summary>
    /// How many of the next checkpoint state writes reach the storage and still fail for their caller, as a
    /// request that timed out on the client after the storage took it does.
    /// </summary>
    public int WritesToLandThenFail;

    /// <summary>How many checkpoint state writes the storage refused for a stale ETag.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>How many checkpoint state writes have ended, stored or not.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Wraps the silo's OrleansHa grain storage (register the storage first).</summary>
    public static void Decorate(IServiceCollection services, TimeSpan latency) =>
        Decorate(services, inner => new SlowCheckpointStateWrites(inner, latency));

    /// <summary>The wrapper <see cref="Decorate(IServiceCollection, TimeSpan)"/> put in front of the silo's OrleansHa grain storage.</summary>
    public static SlowCheckpointStateWrites Of(IServiceProvider silo) => Of<SlowCheckpointStateWrites>(silo);

    public override async Task WriteStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
    {
        if (!grainId.Type.Equals(CheckpointGrainType))
        {
            await Inner.WriteStateAsync(grainType, grainId, grainState);
            return;
        }

        lock (_lock)
        {
            _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
        }

        try
        {
            await Task.Delay(Latency);
            var eTagBefore = grainState.ETag;
            try
            {
                await Inner.WriteStateAsync(grainType, grainId, grainState);
            }
            catch (InconsistentStateException)
            {
                Interlocked.Increment(ref _conflicts);
                throw;
            }

            if (Volatile.Read(ref WritesToLandThenFail) > 0 && Interlocked.Decrement(ref WritesToLandThenFail) >= 0)
            {
                // The caller never saw the response, so it never learnt the new ETag.
                grainState.ETag = eTagBefore;
                throw new StorageUnavailableException("test storage", "write", new TimeoutException("the response was lost on purpose by the test"));
            }
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }

            Interlocked.Increment(ref _completed);
        }
    }
}
