namespace OrleansHa.Testing.Silo;

/// <summary>The silo host (silo/) started as a process in a temporary working directory, on free ports.</summary>
public sealed class SiloProcess : IDisposable
{
    private readonly string[] _arguments;

    private SiloProcess(ServerProcess process, string directory, int siloPort, int gatewayPort, string[] arguments)
    {
        Process = process;
        Directory = directory;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _arguments = arguments;
    }

    public ServerProcess Process { get; }

    /// <summary>The working directory: the embedded default keeps its HA data in <c>.orleansha</c> under it.</summary>
    public string Directory { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>Names another build of the silo to start, such as the benchmark's ReadyToRun publish.</summary>
    public const string ProgramVariable = "ORLEANSHA_SILO_PROGRAM";

    /// <summary>
    /// The silo built in the same configuration as the calling tests (their folder is bin/&lt;configuration&gt;/net10.0),
    /// or the one <see cref="ProgramVariable"/> names.
    /// </summary>
    public static string ProgramPath =>
        Environment.GetEnvironmentVariable(ProgramVariable) is { Length: > 0 } path
            ? path
            : BuiltProgram.PathOf("silo", "OrleansHa.Silo.dll");

    /// <param name="arguments">More <c>--Key=value</c> settings; none gives the embedded default.</param>
    public static SiloProcess Start(params string[] arguments)
    {
        var ports = FreePorts.Take(2);
        return Start(RepositoryPaths.NewTemporaryDirectory("silo"), ports[0], ports[1], arguments);
    }

    /// <summary>
    /// Starts the silo again in the same folder, on the same ports and with the same settings, as an operator
    /// restarts a silo that died: it joins the cluster as a new generation of the same endpoint.
    /// </summary>
    public SiloProcess Restart()
    {
        Process.Dispose();
        return Start(Directory, SiloPort, GatewayPort, _arguments);
    }

    public void Dispose() => Process.Dispose();

    private static SiloProcess Start(string directory, int siloPort, int gatewayPort, string[] arguments)
    {
        var program = ProgramPath;
        if (!File.Exists(program))
        {
            throw new FileNotFoundException(
                $"No silo at {program}. Build it with 'dotnet build -c Release', or set {ProgramVariable} to a silo that exists.", program);
        }

        var process = ServerProcess.Start(
            "dotnet", [program, $"--Silo:Port={siloPort}", $"--Gateway:Port={gatewayPort}", .. arguments],
            directory, Path.Combine(directory, "silo.log"));
        return new SiloProcess(process, directory, siloPort, gatewayPort, arguments);
    }
}
