using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OrleansHa.Testing;

/// <summary>
/// One external server process started by a fixture: its output goes to a log file in the server's folder,
/// and it can be killed, paused and resumed like a real process under fault injection.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, string logPath)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
        try
        {
            process.StartWithoutInput();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, log, logPath);
    }

    /// <summary>Ends the process at once, as kill -9 does.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    /// <summary>
    /// Freezes the process (SIGSTOP): it keeps its sockets open but answers nothing. Returns once every thread
    /// of the process is stopped: the signal alone only queues the stop, and on a busy machine a server thread
    /// can still answer a request sent right after it.
    /// </summary>
    public void Pause()
    {
        Signal(SigStop);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!AllThreadsStopped())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Process {_process.Id} did not stop within 10 s of SIGSTOP.");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Asks the process to shut down cleanly (SIGTERM, as a service manager or Ctrl+C does).</summary>
    public void Terminate() => Signal(SigTerm);

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume() => Signal(SigCont);

    /// <summary>The last lines of the server's log, for failure messages.</summary>
    public string TailOfLog(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException(
                $"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    // Linux reports a stopped thread with state 'T' in /proc/<pid>/task/<tid>/stat, after the command name
    // in parentheses (which may itself contain spaces or parentheses, hence the last ')').
    private bool AllThreadsStopped()
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart()[0];
                if (state is not ('T' or 't' or 'Z' or 'X'))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A thread that ended between the listing and the read is not running either.
            return true;
        }
    }

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
