using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OrleansHa.ZooKeeper.Client;
using OrleansHa.ZooKeeper.Native;
using Xunit;
using static OrleansHa.ZooKeeper.Tests.Client.TestClients;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>Metrics and the routing of libzookeeper's log into ILogger.</summary>
[Collection(nameof(ProcessWideState))]
public sealed class ZooKeeperClientTelemetryTests(StandaloneZooKeeperFixture server) : IClassFixture<StandaloneZooKeeperFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Operations_AreCountedByKindWithFailuresByError()
    {
        var measurements = new ConcurrentQueue<(string Instrument, string? Kind, string? Error)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ZooKeeperMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? kind = null, error = null;
            foreach (var tag in tags)
            {
                kind = tag.Key == "kind" ? tag.Value as string : kind;
                error = tag.Key == "error" ? tag.Value as string : error;
            }

            measurements.Enqueue((instrument.Name, kind, error));
        });
        listener.Start();
        await using var client = await ConnectAsync(server.ConnectionString);

        await client.ExistsAsync("/", cancellationToken: Cancel);
        await Assert.ThrowsAsync<ZooKeeperNoNodeException>(() => client.DeleteAsync("/no-such-node", cancellationToken: Cancel));

        Assert.Contains(("orleansha.zookeeper.operations", "exists", null), measurements);
        Assert.Contains(("orleansha.zookeeper.operation.failures", "delete", "NoNode"), measurements);
        Assert.Contains(measurements, m => m.Instrument == "orleansha.zookeeper.session.events");
    }

    [Fact]
    public async Task LibraryLog_GoesToTheNativeCategoryAtItsLevel()
    {
        var logs = new CapturingLoggerFactory();

        await using (var client = await ConnectAsync(server.ConnectionString, loggerFactory: logs))
        {
            await client.ExistsAsync("/", cancellationToken: Cancel);
        }

        var native = logs.Entries.Where(e => e.Category == NativeLog.CategoryName).ToList();
        Assert.Contains(native, e => e.EventId.Id == 1000 && e.Level == LogLevel.Information);
        Assert.Contains(native, e => e.Level == LogLevel.Debug && e.Message.Contains("Sending request", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2024-06-01 10:00:00,123:4242(0x7f00aa):ZOO_ERROR@handle_socket_error_msg@2040: Socket refused\n", LogLevel.Error, "handle_socket_error_msg@2040: Socket refused")]
    [InlineData("2024-06-01 10:00:00,123:4242(0x7f00aa):ZOO_WARN@zookeeper_interest@2561: Delaying", LogLevel.Warning, "zookeeper_interest@2561: Delaying")]
    [InlineData("t:1(0x1):ZOO_INFO@check_events@2451: session established", LogLevel.Information, "check_events@2451: session established")]
    [InlineData("t:1(0x1):ZOO_DEBUG@zoo_awget@4019: Sending", LogLevel.Debug, "zoo_awget@4019: Sending")]
    [InlineData("no level marker", LogLevel.Information, "no level marker")]
    public void LibraryLogLine_IsSplitIntoLevelAndText(string line, LogLevel level, string text)
    {
        Assert.Equal((level, text), NativeLog.Parse(line));
    }
}
