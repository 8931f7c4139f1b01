using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansHa.Bench.Infrastructure;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Diagnostics;
using OrleansHa.Testing.Silo;

namespace OrleansHa.Bench.Processes;

/// <summary>
/// Three silo processes (the silo host as deployed) on one ZooKeeper server and Azurite, and a client, ready
/// once every silo's task executor has registered with the leader. The silos write their metrics to their
/// logs, where <see cref="ReadMetrics"/> sums them.
/// </summary>
internal sealed class BenchSiloCluster : IAsyncDisposable
{
    private const int PollConcurrency = 64;

    private BenchSiloCluster(BenchServers servers, SiloProcessCluster silos, IHost host)
    {
        Servers = servers;
        Silos = silos;
        Host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public BenchServers Servers { get; }

    public SiloProcessCluster Silos { get; }

    public IHost Host { get; }

    public IClusterClient Client { get; }

    public IJobManagerGrain Leader => Client.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);

    /// <param name="settings">More <c>--Key=value</c> settings for every silo.</param>
    public static async Task<BenchSiloCluster> StartAsync(TextWriter output, int slotsPerSilo, CancellationToken cancellationToken, params string[] settings)
    {
        await DeployedSilo.UseAsync(output);
        var servers = await BenchServers.StartAsync(output, cancellationToken);
        SiloProcessCluster? silos = null;
        IHost? host = null;
        try
        {
            output.WriteLine("starting three silo processes ...");
            silos = SiloProcessCluster.Start(
                3, servers.ZooKeeper.ConnectionString, servers.Azurite.ConnectionString,
                [
                    string.Create(CultureInfo.InvariantCulture, $"--OrleansHa:TaskExecutor:Slots={slotsPerSilo}"),
                    "--OrleansHa:MetricsLogPeriod=00:00:00.100",
                    .. settings,
                ]);
            host = await silos.ConnectClientAsync(cancellationToken: cancellationToken);
            var cluster = new BenchSiloCluster(servers, silos, host);
            await cluster.WaitForExecutorsAsync(cancellationToken);
            return cluster;
        }
        catch (Exception exception)
        {
            // Servers left running would keep the benchmark lock (they inherit its file descriptor) and their ports.
            host?.Dispose();
            silos?.Dispose();
            await servers.DisposeAsync();
            var logs = silos is null ? "" : $" Their logs: {string.Join(", ", silos.Silos.Select(s => Path.Combine(s.Directory, "silo.log")))}.";
            throw new InvalidOperationException(
                $"The three silo processes of {SiloProcess.ProgramPath} did not all start and register their task executors.{logs}", exception);
        }
    }

    /// <exception cref="TimeoutException">
    /// Not every silo registered within two minutes. The message gives each silo's process state, how long ago
    /// its log last changed and the log's tail: a restarted silo has been seen to stay silent for the whole wait.
    /// </exception>
    public async Task WaitForExecutorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Retry.UntilAsync(async () => (await Leader.GetClusterSlotsAsync()).Executors.Count == Silos.Silos.Count, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            var quiet = Silos.Silos.Select((silo, i) =>
                string.Create(CultureInfo.InvariantCulture, $"silo {i}: log last written {(DateTime.UtcNow - File.GetLastWriteTimeUtc(silo.Process.LogPath)).TotalSeconds:0} s ago"));
            throw new TimeoutException(
                $"Not all {Silos.Silos.Count} silos registered their task executors: {exception.Message} ({string.Join("; ", quiet)})\n{Silos.TailOfLogs(8)}",
                exception);
        }
    }

    /// <summary>The sum of the metrics the three silos last logged (every 100 ms).</summary>
    public MetricsSnapshot ReadMetrics() => Silos.ReadMetrics();

    /// <summary>
    /// Submits every job, <paramref name="concurrency"/> at a time. A submission that timed out under the load
    /// may still have been accepted: the same id again is then refused as a duplicate, which counts as done.
    /// </summary>
    public async Task SubmitAllAsync(IReadOnlyList<JobSpec> specs, int concurrency, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(specs, options, async (spec, ct) =>
            await Retry.UntilAsync(async () =>
            {
                try
                {
                    await Leader.SubmitAsync(spec, []);
                }
                catch (DuplicateJobSubmissionException)
                {
                }

                return true;
            }, ct, TimeSpan.FromMinutes(10), callTimeout: TimeSpan.FromSeconds(30)));
    }

    /// <summary>Waits until every job reports RUNNING; returns at once when they all do.</summary>
    public async Task WaitAllRunningAsync(IReadOnlyList<JobId> ids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var waiting = ids;
        while (waiting.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{waiting.Count} of {ids.Count} jobs were not RUNNING after {timeout}, e.g. {waiting[0]}.");
            }

            var notRunning = new List<JobId>();
            foreach (var chunk in waiting.Chunk(PollConcurrency))
            {
                var running = await Task.WhenAll(chunk.Select(IsRunningAsync));
                notRunning.AddRange(chunk.Where((_, i) => !running[i]));
            }

            waiting = notRunning;
            if (waiting.Count > 0)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        async Task<bool> IsRunningAsync(JobId id)
        {
            try
            {
                var details = await Client.GetGrain<IJobGrain>(id.Value).GetDetailsAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return details.Status == JobStatus.Running;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        Silos.Dispose();
        await Servers.DisposeAsync();
    }
}
