using OrleansHa.Testing;

namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>A silo in a process of its own (this test executable run as <see cref="TestSiloHost"/>), killable with kill -9.</summary>
internal sealed class TestSiloProcess : IDisposable
{
    private readonly ServerProcess _process;

    private TestSiloProcess(string name, int siloPort, int gatewayPort, ServerProcess process)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the silo; it joins the cluster in the background.</summary>
    public static TestSiloProcess Start(
        string directory, string connectionString, string clusterId, string name, int siloPort, int gatewayPort)
    {
        var arguments = TestSiloHost.Arguments(connectionString, clusterId, name, siloPort, gatewayPort).ToList();
        var appHost = Path.Combine(AppContext.BaseDirectory, "OrleansHa.ZooKeeper.Tests");
        var (fileName, commandLine) = File.Exists(appHost)
            ? (appHost, arguments)
            : ("dotnet", [Path.Combine(AppContext.BaseDirectory, "OrleansHa.ZooKeeper.Tests.dll"), .. arguments]);
        var log = Path.Combine(directory, $"{name}-{DateTime.UtcNow:HHmmss.fff}.log");
        return new TestSiloProcess(name, siloPort, gatewayPort, ServerProcess.Start(fileName, commandLine, directory, log));
    }

    /// <summary>Ends the process at once: no graceful shutdown, no last write to the membership table.</summary>
    public void Kill() => _process.Kill();

    public string TailOfLog() => _process.TailOfLog(60);

    public void Dispose() => _process.Dispose();
}
