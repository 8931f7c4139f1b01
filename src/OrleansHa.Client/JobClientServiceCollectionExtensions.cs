using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.Client;

namespace OrleansHa.Hosting;

/// <summary><c>services.AddOrleansHaClient(o => ...)</c> beside <c>UseOrleansClient(...)</c> in a generic host.</summary>
public static class JobClientServiceCollectionExtensions
{
    public static IServiceCollection AddOrleansHaClient(this IServiceCollection services, Action<JobClientOptions>? configure = null)
    {
        var options = services.AddOptions<JobClientOptions>().Validate(o =>
        {
            o.Validate();
            return true;
        });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<JobClient>();
        return services;
    }
}
