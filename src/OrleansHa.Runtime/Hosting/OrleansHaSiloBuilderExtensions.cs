using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Hosting;

public static class OrleansHaSiloBuilderExtensions
{
    /// <summary>
    /// Adds the OrleansHa job runtime to the silo: the leader, job, checkpoint and task executor grains and the
    /// silo's task executor. The host chooses the backends: grain storage named
    /// <see cref="Grains.GrainStorageNames.OrleansHa"/> and the HA stores (artifact, checkpoint payload,
    /// JobResultStore) registered in the silo's services.
    /// </summary>
    public static ISiloBuilder AddOrleansHa(this ISiloBuilder builder, Action<OrleansHaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrleansHaRuntime(configure);
        return builder;
    }
}
