using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Grains;
using OrleansHa.Hosting;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Storage;
using OrleansHa.Testing;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// Writes what a leader that died after its trivial jobs ended leaves behind (the job grain's state, the
/// history record and the dirty JobResultStore entry), with the silos' own storage providers in a silo of
/// its own: same cluster id and container, a membership of its own and no OrleansHa runtime, so it neither
/// joins the cluster nor competes for its leadership.
/// </summary>
internal sealed class DirtyEntryWriter : IAsyncDisposable
{
    private const int WriteConcurrency = 64;

    private readonly IHost _host;

    private DirtyEntryWriter(IHost host) => _host = host;

    public static async Task<DirtyEntryWriter> StartAsync(string clusterId, string storageConnectionString, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ports[0], ports[1], serviceId: clusterId, clusterId: clusterId);
            silo.AddAzureBlobHaStorage(o => o.ConnectionString = storageConnectionString);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new DirtyEntryWriter(host);
    }

    public async Task WriteAsync(int entries, TextWriter output, CancellationToken cancellationToken)
    {
        var services = _host.Services;
        var resultStore = services.GetRequiredService<IJobResultStore>();
        var history = services.GetRequiredService<IJobHistoryStore>();
        var grainStorage = services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.OrleansHa);
        var written = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, entries), new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = cancellationToken }, async (_, ct) =>
        {
            var spec = BenchJobs.Trivial();
            var state = new GrainState<JobGrainState>(new JobGrainState { Spec = spec, Status = JobStatus.Created, Attempt = 1 });
            await grainStorage.WriteStateAsync("job", GrainId.Create(JobGrain.GrainTypeName, spec.JobId.Value), state);
            var result = new JobResult(spec.JobId, JobStatus.Finished, new Dictionary<string, long>(), TimeSpan.FromSeconds(1), null);
            await history.PutAsync(result, ct);
            await resultStore.CreateDirtyResultAsync(result, ct);
            if (Interlocked.Increment(ref written) % 1000 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {written} of {entries} dirty entries written"));
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
