using Azure.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Storage.AzureBlob.Reminders;
using OrleansHa.Testing.Azurite;
using Xunit;

namespace OrleansHa.Storage.Tests.Reminders;

/// <summary>
/// Azurite stopped under the reminder table: operations fail quickly with the transient error naming the
/// table endpoint, and succeed again once it is back. Its own Azurite, since it is stopped.
/// </summary>
public sealed class AzureTableReminderOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan AzuritePersistInterval = TimeSpan.FromSeconds(5.5);

    private AzuriteServer _azurite = null!;

    public async ValueTask InitializeAsync() =>
        _azurite = await AzuriteServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task AzuriteStopped_OperationsFailAsUnavailable_AndSucceedOnceItIsBack()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var table = CreateTable();
        await table.StartAsync(cancellation);
        var grain = GrainId.Create("reminder-test", "outage");
        var entry = new ReminderEntry { GrainId = grain, ReminderName = "r", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) };
        var eTag = await table.UpsertRow(entry, cancellation);

        // Azurite saves its table index every 5 s and a kill loses what came after: let it save first.
        await Task.Delay(AzuritePersistInterval, cancellation);
        _azurite.Stop();

        var upsert = await Assert.ThrowsAsync<StorageUnavailableException>(() => table.UpsertRow(entry, cancellation));
        Assert.Contains(_azurite.TableEndpoint, upsert.Endpoint);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => table.ReadRows(grain, cancellation));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => table.ReadRows(10u, 5u, cancellation));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => table.ReadRow(grain, "r", cancellation));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => table.RemoveRow(grain, "r", eTag!, cancellation));

        await _azurite.StartAgainAsync(cancellation);

        Assert.Equal(eTag, (await table.ReadRow(grain, "r", cancellation))?.ETag);
        var newETag = await table.UpsertRow(entry, cancellation);
        Assert.True(await table.RemoveRow(grain, "r", newETag!, cancellation));
    }

    private AzureTableReminderTable CreateTable()
    {
        var options = new AzureTableReminderStorageOptions { ConnectionString = _azurite.ConnectionString };
        options.ClientOptions.Retry.MaxRetries = 1;
        options.ClientOptions.Retry.Mode = RetryMode.Fixed;
        options.ClientOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.ClientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(1);
        return new AzureTableReminderTable(
            Options.Create(options),
            Options.Create(new ClusterOptions { ClusterId = "outage", ServiceId = "outage" }),
            NullLogger<AzureTableReminderTable>.Instance);
    }
}
