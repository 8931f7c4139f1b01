using System.Net.Sockets;
using OrleansHa.Testing.Azurite;
using Xunit;

namespace OrleansHa.Storage.Tests.Fixtures;

/// <summary>The Azurite fixture the outage tests rely on really stops and comes back on the same ports.</summary>
public sealed class AzuriteServerFixtureTests
{
    [Fact]
    public async Task StopThenStartAgain_RefusesWhileStoppedAndListensAfter()
    {
        await using var azurite = await AzuriteServer.StartAsync(TestContext.Current.CancellationToken);

        azurite.Stop();
        Assert.False(await AcceptsConnectionAsync(azurite.BlobPort));

        await azurite.StartAgainAsync(TestContext.Current.CancellationToken);
        Assert.True(await AcceptsConnectionAsync(azurite.BlobPort));
        Assert.True(await AcceptsConnectionAsync(azurite.TablePort));
    }

    private static async Task<bool> AcceptsConnectionAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
