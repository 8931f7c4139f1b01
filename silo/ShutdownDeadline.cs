using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansHa.Silo;

/// <summary>
/// Ends the process when a clean stop overruns <see cref="SiloSettings.ShutdownTimeout"/>. The host cancels its
/// stop at that time, but Orleans' membership does not heed it: with ZooKeeper unreachable it retries its
/// ShuttingDown, Stopping and Dead updates for about two minutes. The cluster then treats this silo as crashed,
/// which it must survive anyway; an operator waiting on a stop, or a container runtime about to kill it, gets a
/// bounded stop instead.
/// </summary>
internal sealed partial class ShutdownDeadline(
    IHostApplicationLifetime lifetime, SiloSettings settings, ILogger<ShutdownDeadline> logger) : IHostedService
{
    /// <summary>The time the host's own cancellation of the stop gets to end what heeds it.</summary>
    private static readonly TimeSpan AfterCancellation = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LoggerFlush = TimeSpan.FromMilliseconds(500);

    /// <summary>The exit status of a stop cut short, as for a process killed with SIGKILL.</summary>
    public const int ExitCode = 137;

    private Timer? _deadline;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => _deadline = new Timer(
            _ => EndProcess(), null, settings.ShutdownTimeout + AfterCancellation, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void EndProcess()
    {
        try
        {
            LogStopOverran(settings.ShutdownTimeout);

            // The console logger writes on its own thread, which the kill does not wait for: the line goes to
            // stderr as well, and the logger gets a moment to write its own.
            Console.Error.WriteLine(
                $"orleansha-silo: the stop did not end within Silo:ShutdownTimeout ({settings.ShutdownTimeout}) and " +
                $"{AfterCancellation.TotalSeconds:0} s more; the process ends now, as if killed.");
        }
        finally
        {
            Thread.Sleep(LoggerFlush);
            Process.GetCurrentProcess().Kill();
        }
    }

    [LoggerMessage(4100, LogLevel.Critical, "The silo did not stop within Silo:ShutdownTimeout ({Timeout}): the process ends now, and the cluster treats it as crashed")]
    private partial void LogStopOverran(TimeSpan timeout);
}
