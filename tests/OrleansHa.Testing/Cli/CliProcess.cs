using System.Diagnostics;

namespace OrleansHa.Testing.Cli;

/// <summary>The <c>orleansha</c> command-line program (client/) run as a process, as a script runs it.</summary>
public static class CliProcess
{
    public static string ProgramPath { get; } = BuiltProgram.PathOf("client", "orleansha.dll");

    /// <summary>Runs <c>orleansha</c> with <paramref name="arguments"/> and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/>; it is killed.</exception>
    public static async Task<CliRun> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(ProgramPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start dotnet {ProgramPath}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"orleansha {string.Join(' ', startInfo.ArgumentList.Skip(1))} did not exit within {timeout}; it printed:\n{await output}\n{await error}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}

/// <summary>What one run of <c>orleansha</c> printed, and how it exited.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
