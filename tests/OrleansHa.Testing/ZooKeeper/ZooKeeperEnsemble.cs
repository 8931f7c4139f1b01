namespace OrleansHa.Testing.ZooKeeper;

/// <summary>
/// Real ZooKeeper servers on free loopback ports in a temporary folder: one standalone server, or an
/// ensemble of three whose nodes a test can kill and restart. Removed with everything it wrote on dispose.
/// </summary>
public sealed class ZooKeeperEnsemble : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;

    private ZooKeeperEnsemble(string directory, IReadOnlyList<ZooKeeperNode> nodes)
    {
        _directory = directory;
        Nodes = nodes;
    }

    public IReadOnlyList<ZooKeeperNode> Nodes { get; }

    /// <summary>All nodes' client addresses, as a ZooKeeper client takes them.</summary>
    public string ConnectionString => string.Join(',', Nodes.Select(n => n.ConnectionString));

    /// <summary>Starts <paramref name="size"/> servers (1 for standalone, 3 for an ensemble) and waits until they serve.</summary>
    public static async Task<ZooKeeperEnsemble> StartAsync(int size = 1, CancellationToken cancellationToken = default)
    {
        ZooKeeperNode.EnsureInstalled();
        var directory = RepositoryPaths.NewTemporaryDirectory($"zookeeper{size}");
        var ports = FreePorts.Take(size * 3);
        var nodes = new List<ZooKeeperNode>();
        for (var i = 0; i < size; i++)
        {
            var nodeDirectory = Path.Combine(directory, $"node{i + 1}");
            Directory.CreateDirectory(nodeDirectory);
            nodes.Add(new ZooKeeperNode(i + 1, ports[i * 3], ports[(i * 3) + 1], ports[(i * 3) + 2], nodeDirectory));
        }

        var ensemble = new ZooKeeperEnsemble(directory, nodes);
        try
        {
            foreach (var node in nodes)
            {
                node.WriteConfiguration(nodes);
                node.Start();
            }

            await ensemble.WaitUntilServingAsync(cancellationToken);
            return ensemble;
        }
        catch
        {
            await ensemble.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every running node serves clients (in an ensemble: a quorum with a leader).</summary>
    public async Task WaitUntilServingAsync(CancellationToken cancellationToken = default)
    {
        foreach (var node in Nodes.Where(n => n.IsRunning))
        {
            await node.WaitUntilServingAsync(StartTimeout, cancellationToken);
        }
    }

    /// <summary>The node that is the ensemble's leader now, or the standalone server.</summary>
    public async Task<ZooKeeperNode> GetLeaderAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var node in Nodes.Where(n => n.IsRunning))
            {
                var mode = await node.GetModeAsync(cancellationToken);
                if (mode is "leader" or "standalone")
                {
                    return node;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"No ZooKeeper node became leader within {StartTimeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }

        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temporary folder is cleaned by the OS later.
        }
    }
}
