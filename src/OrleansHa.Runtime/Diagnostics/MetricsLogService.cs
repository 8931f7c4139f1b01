using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Diagnostics;

/// <summary>
/// Writes the totals of OrleansHa's metrics to the log every <see cref="OrleansHaOptions.MetricsLogPeriod"/>
/// and once more when the silo stops, as Orleans' statistics log once did: the figures of a silo without a
/// metrics exporter, and the ones the benchmark harness reads from its silo processes.
/// </summary>
internal sealed partial class MetricsLogService(IOptions<OrleansHaOptions> options, ILogger<MetricsLogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.MetricsLogPeriod;
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        using var listener = new MetricsListener();
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                LogMetrics(listener.Snapshot().Format());
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping: the last totals follow.
        }

        LogMetrics(listener.Snapshot().Format());
    }

    [LoggerMessage(3500, LogLevel.Information, "Metrics: {Metrics}")]
    private partial void LogMetrics(string metrics);
}
