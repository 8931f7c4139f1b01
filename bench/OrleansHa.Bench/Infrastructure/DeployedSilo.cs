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
    /// this run start from there; once that is done, or when the caller set <see cref="SiloProcess.ProgramVariable"/>,
    /// it only says which silo runs.
    /// </summary>
    public static async Task UseAsync(TextWriter output)
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
        var run = await DotnetCommand.RunAsync(arguments, PublishTimeout);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Publishing the silo failed; set {SiloProcess.ProgramVariable} to a built silo to run without it.{Environment.NewLine}{run}");
        }

        Environment.SetEnvironmentVariable(SiloProcess.ProgramVariable, Path.Combine(folder, "OrleansHa.Silo.dll"));
    }
}
