using System.Diagnostics;
using System.Runtime.InteropServices;
using OrleansHa.Testing;
using OrleansHa.Testing.Silo;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>
/// The silo as silo/Dockerfile deploys it: published with ReadyToRun, so its assemblies and Orleans' start
/// precompiled instead of spending the silos' CPU in the JIT while the benchmark measures them.
/// </summary>
internal static class DeployedSilo
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Publishes the silo into silo/bin/publish (a few seconds when it is up to date) and has every silo process of
    /// this run start from there; a <see cref="SiloProcess.ProgramVariable"/> set by the caller is kept instead.
    /// </summary>
    public static async Task UseAsync(TextWriter output, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(SiloProcess.ProgramVariable) is { Length: > 0 } chosen)
        {
            output.WriteLine($"silo: {chosen} ({SiloProcess.ProgramVariable})");
            return;
        }

        var project = Path.Combine(RepositoryPaths.Root, "silo", "OrleansHa.Silo.csproj");
        var folder = Path.Combine(RepositoryPaths.Root, "silo", "bin", "publish");
        var runtime = $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        string[] arguments =
        [
            "publish", project, "-c", "Release", "-r", runtime, "--self-contained", "false",
            "-p:PublishReadyToRun=true", "-o", folder, "--nologo", "-v", "quiet",
        ];
        output.WriteLine($"silo: dotnet {string.Join(' ', arguments)}");
        await RunAsync(arguments, cancellationToken);
        Environment.SetEnvironmentVariable(SiloProcess.ProgramVariable, Path.Combine(folder, "OrleansHa.Silo.dll"));
    }

    private static async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("Could not start 'dotnet publish' for the silo.");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Publishing the silo failed (exit code {process.ExitCode}); run the command above to see why, or set " +
                $"{SiloProcess.ProgramVariable} to a built silo.{Environment.NewLine}{await standardOutput}{await standardError}");
        }
    }
}
