using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansHa.Storage.AzureBlob.Reminders;

namespace OrleansHa.Hosting;

/// <summary><c>siloBuilder.UseAzureTableReminderService(o => o.ConnectionString = ...)</c>: durable reminders on Azure Tables.</summary>
public static class AzureTableReminderHostingExtensions
{
    public static ISiloBuilder UseAzureTableReminderService(
        this ISiloBuilder builder, Action<AzureTableReminderStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.UseAzureTableReminderService(options => options.Configure(configureOptions));
    }

    public static ISiloBuilder UseAzureTableReminderService(
        this ISiloBuilder builder, Action<OptionsBuilder<AzureTableReminderStorageOptions>> configureOptions) =>
        builder.ConfigureServices(services => services.AddAzureTableReminderTable(configureOptions));

    /// <summary>
    /// Adds Orleans' reminder service with <see cref="AzureTableReminderTable"/> as its table, and a startup
    /// validator of the options.
    /// </summary>
    internal static IServiceCollection AddAzureTableReminderTable(
        this IServiceCollection services, Action<OptionsBuilder<AzureTableReminderStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddReminders();
        configureOptions(services.AddOptions<AzureTableReminderStorageOptions>());
        services.AddSingleton<AzureTableReminderTable>();
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<AzureTableReminderTable>());
        services.AddTransient<IConfigurationValidator>(sp => new AzureTableReminderStorageOptionsValidator(
            sp.GetRequiredService<IOptions<AzureTableReminderStorageOptions>>().Value));
        return services;
    }
}
