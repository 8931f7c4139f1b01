using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansHa.Storage.Diagnostics;

namespace OrleansHa.Storage.AzureBlob.Reminders;

/// <summary>
/// Orleans' reminder table on Azure Tables. One row per reminder; a service's rows are partitioned by the
/// grain's uniform hash, so the reminder service's ring range reads are PartitionKey range queries. Writes
/// replace the row and hand back its new ETag; removals are conditional on the ETag the caller holds.
/// </summary>
public sealed class AzureTableReminderTable : IReminderTable
{
    /// <summary>The <c>store</c> tag of this table's requests on <see cref="AzureBlobStorageInstruments"/>.</summary>
    public const string StoreTag = "reminders";

    private readonly TableClient _table;
    private readonly string _serviceId;
    private readonly string _endpoint;
    private readonly ILogger<AzureTableReminderTable> _logger;

    public AzureTableReminderTable(
        IOptions<AzureTableReminderStorageOptions> options, IOptions<ClusterOptions> clusterOptions,
        ILogger<AzureTableReminderTable> logger)
    {
        new AzureTableReminderStorageOptionsValidator(options.Value).ValidateConfiguration();
        _serviceId = clusterOptions.Value.ServiceId;
        ArgumentException.ThrowIfNullOrEmpty(_serviceId, "ClusterOptions.ServiceId");
        _table = options.Value.CreateServiceClient().GetTableClient(options.Value.TableName);
        _endpoint = _table.Uri.GetLeftPart(UriPartial.Path);
        _logger = logger;
    }

    public Task Init() => StartAsync(CancellationToken.None);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await SendAsync(
            StorageOperationTags.Operations.CreateContainer, _table.Name,
            ct => _table.CreateIfNotExistsAsync(ct), cancellationToken);
        _logger.ReminderTableStarted(_table.Name, _endpoint, _serviceId);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var partitionKey = ReminderKeys.PartitionKey(_serviceId, grainId.GetUniformHashCode());
        var prefix = ReminderKeys.RowKeyPrefix(grainId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {ReminderKeys.PrefixUpperBound(prefix)}");
        return new ReminderTableData(await QueryAsync(filter, cancellationToken));
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>The reminders whose grain hash is in the ring range (begin, end]; begin &gt;= end wraps around.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var low = ReminderKeys.PartitionKey(_serviceId, begin);
        var high = ReminderKeys.PartitionKey(_serviceId, end);
        if (begin < end)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey gt {low} and PartitionKey le {high}");
            return new ReminderTableData(await QueryAsync(filter, cancellationToken));
        }

        // Wrapped: (begin, max] and [min, end], each bounded by the service's own key prefix.
        var prefix = ReminderKeys.PartitionPrefix(_serviceId);
        var upper = TableClient.CreateQueryFilter(
            $"PartitionKey gt {low} and PartitionKey lt {ReminderKeys.PrefixUpperBound(prefix)}");
        var lower = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey le {high}");
        var rows = await QueryAsync(upper, cancellationToken);
        rows.AddRange(await QueryAsync(lower, cancellationToken));
        return new ReminderTableData(rows);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var partitionKey = ReminderKeys.PartitionKey(_serviceId, grainId.GetUniformHashCode());
        var rowKey = ReminderKeys.RowKey(grainId, reminderName);
        var response = await SendAsync(
            StorageOperationTags.Operations.Read, rowKey,
            ct => _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct),
            cancellationToken);
        // IReminderTable's contract: null when there is no such reminder.
        return response.HasValue ? ToEntry(response.Value!) : null;
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName);
        var entity = ReminderRow.ToEntity(entry, _serviceId);
        var response = await SendAsync(
            StorageOperationTags.Operations.Write, entity.RowKey,
            ct => _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct), cancellationToken);
        return response.Headers.ETag?.ToString()
            ?? throw new InvalidOperationException($"Table storage at {_endpoint} returned no ETag for '{entity.RowKey}'.");
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>True when the row held <paramref name="eTag"/> and is gone; false when the ETag is stale or the row missing.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(eTag))
        {
            // No ETag matches no row; an empty one must not become an unconditional delete.
            return false;
        }

        var partitionKey = ReminderKeys.PartitionKey(_serviceId, grainId.GetUniformHashCode());
        var rowKey = ReminderKeys.RowKey(grainId, reminderName);
        try
        {
            // The SDK reports a missing row as a 404 response, not an exception.
            var response = await SendAsync(
                StorageOperationTags.Operations.Delete, rowKey,
                ct => _table.DeleteEntityAsync(partitionKey, rowKey, new ETag(eTag), ct), cancellationToken);
            if (response.Status == 404)
            {
                _logger.ReminderRemoveLost(reminderName, grainId.ToString(), eTag);
                return false;
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            _logger.ReminderRemoveLost(reminderName, grainId.ToString(), eTag);
            return false;
        }
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <summary>Deletes this service's rows only; other services sharing the table keep theirs.</summary>
    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        var prefix = ReminderKeys.PartitionPrefix(_serviceId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {prefix} and PartitionKey lt {ReminderKeys.PrefixUpperBound(prefix)}");
        var keys = new List<(string PartitionKey, string RowKey)>();
        await foreach (var entity in QueryEntitiesAsync(filter, cancellationToken))
        {
            keys.Add((entity.PartitionKey, entity.RowKey));
        }

        foreach (var (partitionKey, rowKey) in keys)
        {
            await SendAsync(
                StorageOperationTags.Operations.Delete, rowKey,
                ct => _table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, ct), cancellationToken);
        }
    }

    private async Task<List<ReminderEntry>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        await foreach (var entity in QueryEntitiesAsync(filter, cancellationToken))
        {
            if (ToEntry(entity) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>Every row the filter selects, one counted request per page.</summary>
    private async IAsyncEnumerable<TableEntity> QueryEntitiesAsync(
        string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)
            .AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await SendAsync(StorageOperationTags.Operations.List, filter, async _ => await pages.MoveNextAsync(), cancellationToken))
            {
                foreach (var entity in pages.Current.Values)
                {
                    yield return entity;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    private ReminderEntry? ToEntry(TableEntity entity)
    {
        var entry = ReminderRow.TryFromEntity(entity, out var problem);
        if (entry is null)
        {
            _logger.CorruptReminderSkipped(entity.PartitionKey, entity.RowKey, problem ?? "unknown");
        }

        return entry;
    }

    /// <summary>
    /// Sends one request (the SDK retries under the configured policy), counts it, and turns an unreachable
    /// or failing account into <see cref="StorageUnavailableException"/> naming the table's endpoint.
    /// </summary>
    private async Task<T> SendAsync<T>(
        string operation, string key, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            var result = await request(cancellationToken);
            // Deleting a missing row answers 404 without throwing.
            var outcome = result is Response { Status: 404 }
                ? StorageOperationTags.Outcomes.NotFound
                : StorageOperationTags.Outcomes.Success;
            AzureBlobStorageInstruments.Count(StoreTag, operation, outcome);
            return result;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            var outcome = e.Status == 404 ? StorageOperationTags.Outcomes.NotFound : StorageOperationTags.Outcomes.Conflict;
            AzureBlobStorageInstruments.Count(StoreTag, operation, outcome);
            throw;
        }
        catch (Exception e) when (BlobErrors.IsTransient(e, cancellationToken))
        {
            AzureBlobStorageInstruments.Count(StoreTag, operation, StorageOperationTags.Outcomes.Unavailable);
            _logger.StorageUnavailable(e, _endpoint, operation, key);
            throw new StorageUnavailableException(_endpoint, $"{operation} '{key}'", e);
        }
        catch (Exception)
        {
            AzureBlobStorageInstruments.Count(StoreTag, operation, StorageOperationTags.Outcomes.Failed);
            throw;
        }
    }
}
