using System.Diagnostics;

namespace OrleansHa.Testing;

/// <summary>Runs <c>dotnet</c> with arguments until it exits, as a script would: a program of this repository, or the SDK.</summary>
public static class DotnetCommand
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/>; it is killed.</exception>
    public static async Task<CommandRun> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = $"dotnet {string.Join(' ', startInfo.ArgumentList)}";
        using var process = ChildProcessStart.StartWithoutInput(startInfo);
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
            throw new TimeoutException($"{command} did not exit within {timeout}; it printed:\n{await output}\n{await error}");
        }

        return new CommandRun(process.ExitCode, await output, await error);
    }
}
