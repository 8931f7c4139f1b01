using System.Diagnostics;
using System.Net.Sockets;

namespace OrleansHa.Testing.Azurite;

/// <summary>
/// A real Azurite (the Azure Storage emulator, installed by the test command into .tools/azurite) on free
/// loopback ports, with its data in a temporary folder. It can be stopped and started again on the same
/// ports with the same data, and paused (SIGSTOP) to act as a storage endpoint that hangs.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string InstallCommand = "npm install --prefix .tools/azurite azurite@3.37.0";

    // Azurite's well-known development account; it is no secret.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private ServerProcess? _process;

    private AzuriteServer(string directory, int blobPort, int queuePort, int tablePort)
    {
        _directory = directory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string BlobEndpoint => $"http://127.0.0.1:{BlobPort}/{AccountName}";

    public string TableEndpoint => $"http://127.0.0.1:{TablePort}/{AccountName}";

    /// <summary>A connection string for the Azure SDK's blob and table clients.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint={TableEndpoint};";

    public bool IsRunning => _process is { HasExited: false };

    public static string ScriptPath =>
        Path.Combine(RepositoryPaths.ToolsDirectory, "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");

    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ScriptPath))
        {
            throw new MissingServerBinaryException("Azurite", ScriptPath, InstallCommand);
        }

        var ports = FreePorts.Take(3);
        var server = new AzuriteServer(RepositoryPaths.NewTemporaryDirectory("azurite"), ports[0], ports[1], ports[2]);
        try
        {
            await server.StartAgainAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again after <see cref="Stop"/>, on the same ports and with the same data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        _process?.Dispose();
        _process = ServerProcess.Start(
            "node",
            [
                ScriptPath,
                "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl",
                "--location", Path.Combine(_directory, "data"),
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            ],
            _directory,
            Path.Combine(_directory, "azurite.log"));
        await WaitForPortAsync(BlobPort, cancellationToken);
        await WaitForPortAsync(TablePort, cancellationToken);
    }

    /// <summary>Kills the server at once, as an outage; its data stays for <see cref="StartAgainAsync"/>.</summary>
    public void Stop() => _process?.Kill();

    /// <summary>Freezes the server (SIGSTOP): connections hang instead of being refused.</summary>
    public void Pause() => _process?.Pause();

    public void Resume() => _process?.Resume();

    public async ValueTask DisposeAsync()
    {
        _process?.Dispose();
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

    private async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                if (_process is null || _process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"Azurite exited while starting. Its log ends with:\n{_process?.TailOfLog()}");
                }

                if (clock.Elapsed > StartTimeout)
                {
                    throw new TimeoutException(
                        $"Azurite did not listen on port {port} within {StartTimeout}. Its log ends with:\n" +
                        _process.TailOfLog());
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
