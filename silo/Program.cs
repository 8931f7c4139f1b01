using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansHa.Silo;

// appsettings.json is read from beside the program; relative paths (the storage directory) stay relative to
// the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables("ORLEANSHA_");
builder.Configuration.AddCommandLine(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});

SiloSettings settings;
try
{
    settings = SiloSettings.Read(builder.Configuration);
}
catch (OrleansConfigurationException exception)
{
    Console.Error.WriteLine($"orleansha-silo: {exception.Message}");
    return 2;
}

builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
builder.Services.AddSingleton(settings);
builder.Services.AddHostedService<ShutdownDeadline>();
builder.UseOrleans(silo => SiloConfiguration.Apply(silo, settings, builder.Configuration));
await builder.Build().RunAsync();
return 0;
