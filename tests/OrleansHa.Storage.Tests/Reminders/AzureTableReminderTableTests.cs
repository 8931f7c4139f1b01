using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Storage.AzureBlob;
using OrleansHa.Storage.AzureBlob.Reminders;
using OrleansHa.Storage.Diagnostics;
using OrleansHa.Storage.Tests.Infrastructure;
using OrleansHa.Testing.Diagnostics;
using Xunit;

namespace OrleansHa.Storage.Tests.Reminders;

/// <summary>The reminder table contract on Azure Tables (Azurite), plus what only this table does.</summary>
public sealed class AzureTableReminderTableTests(AzuriteFixture azurite)
    : ReminderTableContractTests, IClassFixture<AzuriteFixture>
{
    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        var table = Create(serviceId, AzureTableReminderStorageOptions.DefaultTableName);
        await table.StartAsync(Cancellation);
        return table;
    }

    [Fact]
    public async Task Start_CreatesAMissingTable()
    {
        var name = $"Rem{Guid.NewGuid():N}";
        var table = Create("svc", name);

        await table.StartAsync(Cancellation);
        await table.StartAsync(Cancellation);

        var tables = new TableServiceClient(azurite.Server.ConnectionString)
            .QueryAsync(t => t.Name == name, cancellationToken: Cancellation);
        Assert.Single(await tables.ToListAsync(Cancellation));
    }

    [Fact]
    public async Task CorruptRow_IsSkippedByReads_AndTheOthersAreReturned()
    {
        var serviceId = $"svc-{Guid.NewGuid():N}";
        var table = await CreateTableAsync(serviceId);
        var grain = Grain("corrupt");
        await table.UpsertRow(Entry(grain, "good"), Cancellation);
        var hash = grain.GetUniformHashCode();
        var client = new TableClient(azurite.Server.ConnectionString, AzureTableReminderStorageOptions.DefaultTableName);
        await client.UpsertEntityAsync(
            new TableEntity(ReminderKeys.PartitionKey(serviceId, hash), ReminderKeys.RowKey(grain, "bad"))
            {
                ["GrainId"] = grain.ToString(),
                ["ReminderName"] = "bad",
                ["StartAt"] = "not a date",
            },
            cancellationToken: Cancellation);

        var rows = await table.ReadRows(grain, Cancellation);
        var range = await table.ReadRows(hash - 1, hash, Cancellation);

        Assert.Equal("good", Assert.Single(rows.Reminders).ReminderName);
        Assert.Equal("good", Assert.Single(range.Reminders).ReminderName);
        Assert.Null(await table.ReadRow(grain, "bad", Cancellation));
    }

    [Fact]
    public async Task Requests_AreCountedOnTheStorageMeterUnderTheReminderStore()
    {
        using var recorder = new StorageOperationRecorder(AzureBlobStorageInstruments.MeterName);
        var table = await NewTableAsync();
        var grain = Grain("counted");
        var stale = await table.UpsertRow(Entry(grain, "r"), Cancellation);
        await table.UpsertRow(Entry(grain, "r"), Cancellation);
        await table.ReadRow(grain, "r", Cancellation);
        await table.ReadRows(grain, Cancellation);
        await table.RemoveRow(grain, "r", stale!, Cancellation);

        // Other reminder test classes run alongside and share the meter: at least ours must be there.
        const string store = AzureTableReminderTable.StoreTag;
        Assert.True(recorder[store, StorageOperationTags.Operations.Write] >= 2, recorder.ToString());
        Assert.True(recorder[store, StorageOperationTags.Operations.Read] >= 1, recorder.ToString());
        Assert.True(recorder[store, StorageOperationTags.Operations.List] >= 1, recorder.ToString());
        Assert.True(recorder[store, StorageOperationTags.Operations.Delete, StorageOperationTags.Outcomes.Conflict] >= 1, recorder.ToString());
    }

    private AzureTableReminderTable Create(string serviceId, string tableName) => new(
        Options.Create(new AzureTableReminderStorageOptions
        {
            ConnectionString = azurite.Server.ConnectionString,
            TableName = tableName,
        }),
        Options.Create(new ClusterOptions { ClusterId = "reminders", ServiceId = serviceId }),
        NullLogger<AzureTableReminderTable>.Instance);
}
