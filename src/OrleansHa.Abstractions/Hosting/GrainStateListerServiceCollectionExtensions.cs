using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using Orleans.Storage;
using OrleansHa.Storage;

namespace OrleansHa.Hosting;

/// <summary>Makes a grain storage provider's listing reachable under the provider's name.</summary>
public static class GrainStateListerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IGrainStorage"/> named <paramref name="name"/> (of type
    /// <typeparamref name="TStorage"/>) as the keyed <see cref="IGrainStateLister"/> of the same name, and as the
    /// unkeyed one when it is the default storage.
    /// </summary>
    public static IServiceCollection AddGrainStateLister<TStorage>(this IServiceCollection services, string name)
        where TStorage : IGrainStorage, IGrainStateLister
    {
        services.AddKeyedSingleton<IGrainStateLister>(
            name, static (sp, key) => (TStorage)sp.GetRequiredKeyedService<IGrainStorage>(key));
        if (string.Equals(name, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StringComparison.Ordinal))
        {
            services.TryAddSingleton(
                static sp => sp.GetRequiredKeyedService<IGrainStateLister>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        }

        return services;
    }
}
