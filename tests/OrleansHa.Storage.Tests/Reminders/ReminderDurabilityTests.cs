using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Hosting;
using OrleansHa.Storage.AzureBlob.Reminders;
using OrleansHa.Storage.Tests.Infrastructure;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Storage.Tests.Reminders;

/// <summary>
/// A reminder outlives the silo that registered it: after that silo is gone, a new silo of the same service on
/// the same table fires it.
/// </summary>
public sealed class ReminderDurabilityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan TickWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReminderRegisteredOnAStoppedSilo_FiresOnANewSiloOnTheSameTable()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var serviceId = $"durable-{Guid.NewGuid():N}";
        const string grainKey = "durable";

        using (var first = await StartSiloAsync(serviceId, cancellation))
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderTestGrain>(grainKey);
            await grain.RegisterAsync("tick", TimeSpan.FromSeconds(1));
            await first.StopAsync(cancellation);
        }

        using var second = await StartSiloAsync(serviceId, cancellation);
        var secondSilo = second.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        // The grain is not active on the new silo: only the stored reminder can bring it to life.
        await ReminderTicks.FirstTickAsync(grainKey, secondSilo).WaitAsync(TickWait, cancellation);
        var table = second.Services.GetRequiredService<IReminderTable>();
        Assert.IsType<AzureTableReminderTable>(table);
        await second.StopAsync(cancellation);
    }

    private async Task<IHost> StartSiloAsync(string serviceId, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Take(2);
        var host = new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(ports[0], ports[1], serviceId: serviceId, clusterId: "durable")
                .Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1))
                .UseAzureTableReminderService(options =>
                {
                    options.ConnectionString = azurite.Server.ConnectionString;
                    options.TableName = "DurableReminders";
                }))
            .Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
