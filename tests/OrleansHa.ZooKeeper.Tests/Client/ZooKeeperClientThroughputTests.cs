using System.Diagnostics;
using OrleansHa.ZooKeeper.Client;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>
/// Writes in sequence and pipelined, checking that every write landed, and prints the rates (figures, never asserted),
/// with sequential reads beside them to tell the binding's round trip from the server's log sync on each write:
/// dotnet test tests/OrleansHa.ZooKeeper.Tests -c Release --filter ZooKeeperClientThroughputTests --logger "console;verbosity=detailed"
/// </summary>
public sealed class ZooKeeperClientThroughputTests(StandaloneZooKeeperFixture server) : IClassFixture<StandaloneZooKeeperFixture>
{
    private const int SequentialWrites = 1_000;
    private const int PipelineDepth = 1_000;
    private const int PipelinedRounds = 10;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetData_SequentialThenPipelined_EveryWriteApplied()
    {
        await using var client = await ConnectAsync(server.ConnectionString);
        var root = await client.CreateTestRootAsync();
        var path = $"{root}/counter";
        var payload = new byte[100];
        await client.CreateAsync(path, payload, ZooKeeperCreateMode.Persistent, Cancel);

        var sequential = Stopwatch.StartNew();
        for (var i = 0; i < SequentialWrites; i++)
        {
            await client.SetDataAsync(path, payload, cancellationToken: Cancel);
        }

        sequential.Stop();
        var pipelined = Stopwatch.StartNew();
        for (var round = 0; round < PipelinedRounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, PipelineDepth)
                .Select(_ => client.SetDataAsync(path, payload, cancellationToken: Cancel))).Within();
        }

        pipelined.Stop();
        var reads = Stopwatch.StartNew();
        for (var i = 0; i < SequentialWrites; i++)
        {
            await client.GetDataAsync(path, cancellationToken: Cancel);
        }

        reads.Stop();

        var stat = await client.ExistsAsync(path, cancellationToken: Cancel);
        Assert.Equal(SequentialWrites + (PipelineDepth * PipelinedRounds), stat?.Version);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"sequential set-data: {SequentialWrites / sequential.Elapsed.TotalSeconds:F0} ops/s ({SequentialWrites} writes); " +
            $"pipelined set-data ({PipelineDepth} in flight): " +
            $"{PipelineDepth * PipelinedRounds / pipelined.Elapsed.TotalSeconds:F0} ops/s ({PipelineDepth * PipelinedRounds} writes); " +
            $"sequential get-data: {SequentialWrites / reads.Elapsed.TotalSeconds:F0} ops/s");
    }
}
