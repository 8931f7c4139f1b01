using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansHa.Grains;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// A wrapper in front of the silo's OrleansHa grain storage that passes everything through; a test's
/// subclass changes what it needs to observe or break.
/// </summary>
public abstract class DecoratedHaGrainStorage(IGrainStorage inner)
    : IGrainStorage, IGrainStateLister, ILifecycleParticipant<ISiloLifecycle>
{
    protected IGrainStorage Inner { get; } = inner;

    /// <summary>Puts <paramref name="wrap"/>'s storage in front of the silo's OrleansHa grain storage (register the storage first).</summary>
    public static void Decorate(IServiceCollection services, Func<IGrainStorage, DecoratedHaGrainStorage> wrap)
    {
        const string name = GrainStorageNames.OrleansHa;
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => wrap((IGrainStorage)registered.KeyedImplementationFactory!(sp, key)));

        // The lister registered with the storage casts it to its own type; list through the wrapper instead.
        services.Remove(services.Last(d => d.ServiceType == typeof(IGrainStateLister) && d.IsKeyedService && Equals(d.ServiceKey, name)));
        services.AddKeyedSingleton<IGrainStateLister>(name, (sp, key) => (IGrainStateLister)sp.GetRequiredKeyedService<IGrainStorage>(key));
    }

    /// <summary>The wrapper <see cref="Decorate"/> put in front of the silo's OrleansHa grain storage.</summary>
    public static T Of<T>(IServiceProvider silo)
        where T : DecoratedHaGrainStorage =>
        (T)silo.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa);

    public virtual Task ReadStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) =>
        Inner.ReadStateAsync(grainType, grainId, grainState);

    public virtual Task WriteStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) =>
        Inner.WriteStateAsync(grainType, grainId, grainState);

    public virtual Task ClearStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) =>
        Inner.ClearStateAsync(grainType, grainId, grainState);

    public IAsyncEnumerable<GrainId> ListGrainIdsAsync(GrainType grainType, CancellationToken cancellationToken = default) =>
        ((IGrainStateLister)Inner).ListGrainIdsAsync(grainType, cancellationToken);

    public void Participate(ISiloLifecycle lifecycle) => (Inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
