using System.Diagnostics;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>docker-compose.yml is valid (checked by Debian's docker-compose; no Docker engine runs here).</summary>
public sealed class DockerComposeTests
{
    private const string InstallCommand = "apt-get install -y docker-compose";

    [Fact]
    public async Task ComposeFile_IsValid_AndHoldsTheEnsembleAzuriteThreeSilosAndTheCli()
    {
        var (exitCode, output, error) = await RunAsync("config", "-q");
        Assert.True(exitCode == 0, $"docker-compose config failed: {error}{output}");

        (exitCode, output, error) = await RunAsync("--profile", "cli", "config", "--services");
        Assert.True(exitCode == 0, error);
        var services = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order().ToList();
        Assert.Equal(["azurite", "cli", "silo1", "silo2", "silo3", "zk1", "zk2", "zk3"], services);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "docker-compose.yml"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = ChildProcessStart.StartWithoutInput(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new MissingServerBinaryException("docker-compose", "docker-compose on PATH", InstallCommand);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await output, await error);
        }
    }
}
