using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using OrleansHa.Runtime.Checkpoints;
using OrleansHa.Runtime.Cleanup;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Leader;
using OrleansHa.Runtime.Options;
using OrleansHa.Runtime.Placement;

namespace OrleansHa.Runtime.Hosting;

internal static class OrleansHaServiceCollectionExtensions
{
    internal static IServiceCollection AddOrleansHaRuntime(this IServiceCollection services, Action<OrleansHaOptions>? configure)
    {
        var options = services.AddOptions<OrleansHaOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<IConfigurationValidator, OrleansHaOptionsValidator>();
        services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        services.TryAddSingleton<JobResultRecorder>();
        services.TryAddSingleton<TaskExecutorService>();
        services.TryAddSingleton<CheckpointStoreThrottle>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TaskExecutorService>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, LeaderWatchdog>();
        services.AddHostedService<MetricsLogService>();
        services.AddOptions<ClusterMembershipOptions>().Configure(FailureDetection.ApplyDefaults);
        services.AddOptions<GrainDirectoryOptions>().Configure(GrainDirectoryCache.ApplyDefaults);
        services.AddOptions<SiloMessagingOptions>().Configure(GatewayClientDrop.ApplyDefaults);
        services.AddOptions<ConsistentRingOptions>().Configure(ReminderRing.ApplyDefaults);
        return services;
    }
}
