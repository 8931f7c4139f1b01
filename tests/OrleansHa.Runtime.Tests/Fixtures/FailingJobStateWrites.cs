using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// The silo's OrleansHa grain storage failing the next <see cref="WritesToFail"/> writes of a job grain's state
/// before they reach the storage, as an unreachable storage account does. Other writes pass through.
/// </summary>
public sealed class FailingJobStateWrites(IGrainStorage inner) : DecoratedHaGrainStorage(inner)
{
    private static readonly GrainType JobGrainType = GrainType.Create(JobGrain.GrainTypeName);
    private int _failed;

    /// <summary>How many of the next job state writes fail.</summary>
    public int WritesToFail;

    /// <summary>How many job state writes failed so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public static void Decorate(IServiceCollection services) => Decorate(services, inner => new FailingJobStateWrites(inner));

    public static FailingJobStateWrites Of(IServiceProvider silo) => Of<FailingJobStateWrites>(silo);

    public override Task WriteStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainId.Type.Equals(JobGrainType) && Volatile.Read(ref WritesToFail) > 0 && Interlocked.Decrement(ref WritesToFail) >= 0)
        {
            Interlocked.Increment(ref _failed);
            throw new StorageUnavailableException("test storage", "write", new TimeoutException("failed on purpose by the test"));
        }

        return base.WriteStateAsync(grainType, grainId, grainState);
    }
}
