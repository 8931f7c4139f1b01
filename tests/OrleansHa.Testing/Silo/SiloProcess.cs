namespace OrleansHa.Testing.Silo;

/// <summary>The silo host (silo/) started as a process in a temporary working directory, on free ports.</summary>
public sealed class SiloProcess : IDisposable
{
    private SiloProcess(ServerProcess process, string directory, int siloPort, int gatewayPort)
    {
        Process = process;
        Directory = directory;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public ServerProcess Process { get; }

    /// <summary>The working directory: the embedded default keeps its HA data in <c>.orleansha</c> under it.</summary>
    public string Directory { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The silo built in the same configuration as the calling tests (their folder is bin/&lt;configuration&gt;/net10.0).</summary>
    public static string ProgramPath { get; } = Path.Combine(
        RepositoryPaths.Root, "silo", "bin", Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!,
        "net10.0", "OrleansHa.Silo.dll");

    /// <param name="arguments">More <c>--Key=value</c> settings; none gives the embedded default.</param>
    public static SiloProcess Start(params string[] arguments)
    {
        var directory = RepositoryPaths.NewTemporaryDirectory("silo");
        var ports = FreePorts.Take(2);
        var process = ServerProcess.Start(
            "dotnet", [ProgramPath, $"--Silo:Port={ports[0]}", $"--Gateway:Port={ports[1]}", .. arguments],
            directory, Path.Combine(directory, "silo.log"));
        return new SiloProcess(process, directory, ports[0], ports[1]);
    }

    public void Dispose() => Process.Dispose();
}
