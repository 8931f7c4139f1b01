using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Client;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>The silo host as its users start it: a process, driven through the client SDK.</summary>
public sealed class EmbeddedSiloTests
{
    // The silo built in the same configuration as these tests (their folder is bin/<configuration>/net10.0).
    private static readonly string SiloPath = Path.Combine(
        RepositoryPaths.Root, "silo", "bin", Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!,
        "net10.0", "OrleansHa.Silo.dll");

    [Fact]
    public async Task WithNoProviderConfiguration_ASiloIsAOneMachineClusterOnTheFileSystem_AndRunsAJob()
    {
        var directory = RepositoryPaths.NewTemporaryDirectory("silo");
        var ports = FreePorts.Take(2);
        using var silo = ServerProcess.Start(
            "dotnet", [SiloPath, $"--Silo:Port={ports[0]}", $"--Gateway:Port={ports[1]}"], directory, Path.Combine(directory, "silo.log"));
        using var client = await ConnectAsync(ports[1], silo);
        var jobs = client.Services.GetRequiredService<JobClient>();
        var spec = new JobSpec
        {
            JobId = JobId.New(),
            EntryType = "OrleansHa.Examples.SumRange",
            Parallelism = 2,
            Parameters = new Dictionary<string, string> { ["n"] = "1000" },
        };

        await jobs.SubmitAsync(spec, cancellationToken: TestContext.Current.CancellationToken);
        var result = await jobs.WaitForResultAsync(spec.JobId, TestContext.Current.CancellationToken);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(500_500, result.Accumulators["sum"]);
        var leader = await jobs.GetLeaderAsync(TestContext.Current.CancellationToken);
        Assert.EndsWith($":{ports[0]}", leader.SiloAddress.Split('@')[0]);

        // The embedded default keeps the HA data in ./.orleansha of the working directory, cluster "default".
        var history = Path.Combine(directory, ".orleansha", "default", "history", spec.JobId.Value + ".json");
        await WaitAsync(() => File.Exists(history), $"the history record {history}", silo);
    }

    [Fact]
    public async Task UnknownProvider_StopsTheSiloWithOneLineNamingTheSetting()
    {
        var directory = RepositoryPaths.NewTemporaryDirectory("silo");
        using var silo = ServerProcess.Start(
            "dotnet", [SiloPath, "--Clustering:Provider=Consul"], directory, Path.Combine(directory, "silo.log"));

        await WaitAsync(() => silo.HasExited, "the silo to exit", silo);
        Assert.Contains("Clustering:Provider is 'Consul': use ZooKeeper or Localhost", silo.TailOfLog());
    }

    private static async Task<IHost> ConnectAsync(int gatewayPort, ServerProcess silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId: "default", clusterId: "default"));
            builder.Services.AddOrleansHaClient();
            var host = builder.Build();
            try
            {
                await host.StartAsync(TestContext.Current.CancellationToken);
                return host;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !silo.HasExited)
            {
                host.Dispose();
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
            catch (Exception exception)
            {
                host.Dispose();
                throw new InvalidOperationException($"Could not connect to the silo: {exception.Message}\n{silo.TailOfLog()}", exception);
            }
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string what, ServerProcess silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.\n{silo.TailOfLog()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
