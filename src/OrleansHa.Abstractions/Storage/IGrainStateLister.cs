namespace OrleansHa.Storage;

/// <summary>
/// Lists the grains of one type that have stored state, as Flink lists its job graph store: a new leader
/// lists the job grains to find the jobs to recover. Grain storage providers of OrleansHa implement it and
/// register it under the same name as their <see cref="Orleans.Storage.IGrainStorage"/>.
/// </summary>
public interface IGrainStateLister
{
    /// <summary>The grains of <paramref name="grainType"/> with at least one stored state, in no set order.</summary>
    IAsyncEnumerable<GrainId> ListGrainIdsAsync(GrainType grainType, CancellationToken cancellationToken = default);
}
