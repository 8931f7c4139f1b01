using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Hosting;
using OrleansHa.Storage.Tests.Infrastructure;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Storage.Tests.GrainStorage;

public interface ISiloCounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();
}

/// <summary>A grain whose state lives in the storage provider named "orleansha", as the runtime's grains do.</summary>
public sealed class SiloCounterGrain([PersistentState("counter", "orleansha")] IPersistentState<int> counter)
    : Grain, ISiloCounterGrain
{
    public async Task<int> IncrementAsync()
    {
        counter.State++;
        await counter.WriteStateAsync();
        return counter.State;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State);
}

/// <summary>
/// The providers inside a real silo, registered as users register them: state written by grains on one silo
/// is read by the same grains on a new silo, and the listing the runtime uses for recovery finds them.
/// </summary>
public sealed class SiloGrainStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string> Backends => ["azure-blob", "file-system"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task StateWrittenOnOneSilo_IsReadOnTheNextSilo_AndListedForRecovery(string backend)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var clusterId = $"silo-{Guid.NewGuid():N}";
        var directory = RepositoryPaths.NewTemporaryDirectory("silo-grain-storage");
        try
        {
            using (var first = await StartSiloAsync(backend, clusterId, directory, cancellation))
            {
                var grains = first.Services.GetRequiredService<IGrainFactory>();
                Assert.Equal(1, await grains.GetGrain<ISiloCounterGrain>("a").IncrementAsync());
                Assert.Equal(2, await grains.GetGrain<ISiloCounterGrain>("a").IncrementAsync());
                Assert.Equal(1, await grains.GetGrain<ISiloCounterGrain>("b").IncrementAsync());
                await first.StopAsync(cancellation);
            }

            using var second = await StartSiloAsync(backend, clusterId, directory, cancellation);
            var factory = second.Services.GetRequiredService<IGrainFactory>();
            Assert.Equal(2, await factory.GetGrain<ISiloCounterGrain>("a").GetAsync());
            Assert.Equal(2, await factory.GetGrain<ISiloCounterGrain>("b").IncrementAsync());

            var lister = second.Services.GetRequiredKeyedService<IGrainStateLister>("orleansha");
            var listed = new List<string>();
            await foreach (var grainId in lister.ListGrainIdsAsync(GrainType.Create("silocounter"), cancellation))
            {
                listed.Add(grainId.Key.ToString()!);
            }

            Assert.Equal(["a", "b"], listed.Order());
            await second.StopAsync(cancellation);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<IHost> StartSiloAsync(string backend, string clusterId, string directory, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Take(2);
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(ports[0], ports[1], serviceId: clusterId, clusterId: clusterId);
                if (backend == "azure-blob")
                {
                    silo.AddAzureBlobGrainStorage("orleansha", options => options.ConnectionString = azurite.Server.ConnectionString);
                }
                else
                {
                    silo.AddFileSystemGrainStorage("orleansha", options => options.RootDirectory = directory);
                }
            })
            .Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
