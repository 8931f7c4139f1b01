namespace OrleansHa.Grains;

/// <summary>The grain storage names the runtime's grains use; a host registers a provider under each.</summary>
public static class GrainStorageNames
{
    /// <summary>The storage of the leader, job, checkpoint and cleanup grains' state.</summary>
    public const string OrleansHa = "orleansha";
}
