using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace OrleansHa.Testing.ZooKeeper;

/// <summary>
/// One ZooKeeper 3.8 server (Debian's package) in a folder of its own, on loopback ports. Standalone when it
/// has no peers, a member of an ensemble otherwise.
/// </summary>
public sealed class ZooKeeperNode : IDisposable
{
    public const string JarPath = "/usr/share/java/zookeeper.jar";
    public const string InstallCommand = "apt-get update && apt-get install -y zookeeper libzookeeper-mt2";

    private readonly string _directory;
    private ServerProcess? _process;

    internal ZooKeeperNode(int id, int clientPort, int quorumPort, int electionPort, string directory)
    {
        Id = id;
        ClientPort = clientPort;
        QuorumPort = quorumPort;
        ElectionPort = electionPort;
        _directory = directory;
    }

    public int Id { get; }

    public int ClientPort { get; }

    public int QuorumPort { get; }

    public int ElectionPort { get; }

    public string ConnectionString => $"127.0.0.1:{ClientPort}";

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => _process?.ProcessId;

    internal static void EnsureInstalled()
    {
        if (!File.Exists(JarPath))
        {
            throw new MissingServerBinaryException("ZooKeeper", JarPath, InstallCommand);
        }
    }

    internal void WriteConfiguration(IReadOnlyList<ZooKeeperNode> peers)
    {
        var dataDirectory = Path.Combine(_directory, "data");
        Directory.CreateDirectory(dataDirectory);
        var config = new StringBuilder()
            .AppendLine("tickTime=500")
            .AppendLine("initLimit=20")
            .AppendLine("syncLimit=10")
            .AppendLine("maxSessionTimeout=60000")
            .AppendLine($"dataDir={dataDirectory}")
            .AppendLine($"clientPort={ClientPort}")
            .AppendLine("clientPortAddress=127.0.0.1")
            .AppendLine("admin.enableServer=false")
            .AppendLine("4lw.commands.whitelist=*")
            .AppendLine("autopurge.purgeInterval=0");
        if (peers.Count > 1)
        {
            File.WriteAllText(Path.Combine(dataDirectory, "myid"), Id.ToString());
            foreach (var peer in peers)
            {
                config.AppendLine($"server.{peer.Id}=127.0.0.1:{peer.QuorumPort}:{peer.ElectionPort}");
            }
        }

        File.WriteAllText(Path.Combine(_directory, "zoo.cfg"), config.ToString());
    }

    /// <summary>Starts the server process; its data survives a stop and start.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        _process?.Dispose();
        _process = ServerProcess.Start(
            "java",
            [
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dzookeeper.admin.enableServer=false",
                "-cp", JarPath,
                "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                Path.Combine(_directory, "zoo.cfg"),
            ],
            _directory,
            Path.Combine(_directory, "server.log"));
    }

    /// <summary>Kills the server process at once (kill -9).</summary>
    public void Kill() => _process?.Kill();

    /// <summary>Freezes the server (SIGSTOP), as a server that hangs.</summary>
    public void Pause() => _process?.Pause();

    public void Resume() => _process?.Resume();

    /// <summary>Sends a four-letter-word command and returns the answer, or null when the server does not answer.</summary>
    public async Task<string?> FourLetterWordAsync(string command, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", ClientPort, timeout.Token);
            await using var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync(timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>"leader", "follower" or "standalone" once the server serves clients; null before.</summary>
    public async Task<string?> GetModeAsync(CancellationToken cancellationToken = default)
    {
        var answer = await FourLetterWordAsync("srvr", cancellationToken);
        var modeLine = answer?.Split('\n').FirstOrDefault(l => l.StartsWith("Mode: ", StringComparison.Ordinal));
        return modeLine?["Mode: ".Length..].Trim();
    }

    internal async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (await GetModeAsync(cancellationToken) is null)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException(
                    $"ZooKeeper node {Id} exited while starting. Its log ends with:\n{_process?.TailOfLog()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"ZooKeeper node {Id} did not serve clients on port {ClientPort} within {timeout}. Its log " +
                    $"ends with:\n{_process.TailOfLog()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public void Dispose() => _process?.Dispose();
}
