namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>A grain that says which silo hosts it: enough to see that calls reach a live silo of the cluster.</summary>
public interface IClusterProbeGrain : IGrainWithIntegerKey
{
    Task<string> GetSiloNameAsync();
}

public sealed class ClusterProbeGrain(ILocalSiloDetails silo) : Grain, IClusterProbeGrain
{
    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Name);
}
