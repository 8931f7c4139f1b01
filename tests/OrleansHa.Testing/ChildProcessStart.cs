using System.Diagnostics;

namespace OrleansHa.Testing;

/// <summary>
/// Starts the processes that tests and the benchmark run (servers, silos, the CLI, SDK commands) with a
/// standard input of their own, closed at once, so that they read end of file. xunit v3 runs each test
/// assembly as a process whose standard input is its runner's command channel: a child that inherited it
/// would share that pipe, and a read by any child (a JVM, Node.js, a .NET host) would take the runner's
/// messages from the test process.
/// </summary>
public static class ChildProcessStart
{
    /// <summary>Starts <paramref name="process"/> as <see cref="Process.Start()"/> does, without the caller's standard input.</summary>
    /// <exception cref="InvalidOperationException">The process could not be started.</exception>
    public static void StartWithoutInput(this Process process)
    {
        process.StartInfo.RedirectStandardInput = true;
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {process.StartInfo.FileName}.");
        }

        process.StandardInput.Close();
    }

    /// <summary>Starts a process from <paramref name="startInfo"/>, without the caller's standard input.</summary>
    public static Process StartWithoutInput(ProcessStartInfo startInfo)
    {
        var process = new Process { StartInfo = startInfo };
        try
        {
            process.StartWithoutInput();
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }
}
