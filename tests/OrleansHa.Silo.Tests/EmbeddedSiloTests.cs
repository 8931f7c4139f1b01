using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Client;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Testing;
using OrleansHa.Testing.Silo;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>The silo host as its users start it: a process, driven through the client SDK.</summary>
public sealed class EmbeddedSiloTests
{
    [Fact]
    public async Task WithNoProviderConfiguration_ASiloIsAOneMachineClusterOnTheFileSystem_AndRunsAJob()
    {
        using var silo = SiloProcess.Start();
        using var client = await ConnectAsync(silo.GatewayPort, silo.Process);
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
        Assert.EndsWith($":{silo.SiloPort}", leader.SiloAddress.Split('@')[0]);

        // The embedded default keeps the HA data in ./.orleansha of the working directory, cluster "default".
        var history = Path.Combine(silo.Directory, ".orleansha", "default", "history", spec.JobId.Value + ".json");
        await ProcessWaits.UntilAsync(() => File.Exists(history), $"the history record {history}", silo.Process);
    }

    [Fact]
    public async Task UnknownProvider_StopsTheSiloWithOneLineNamingTheSetting()
    {
        using var silo = SiloProcess.Start("--Clustering:Provider=Consul");

        await ProcessWaits.UntilAsync(() => silo.Process.HasExited, "the silo to exit", silo.Process);
        Assert.Contains("Clustering:Provider is 'Consul': use ZooKeeper or Localhost", silo.Process.TailOfLog());
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
}
