using Microsoft.Extensions.Logging;

namespace OrleansHa.Storage.AzureBlob.Reminders;

/// <summary>The log lines of the Azure Table reminder table: event ids 2200 to 2299.</summary>
internal static partial class AzureTableReminderLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information,
        Message = "Reminder table '{Table}' at {Endpoint} is ready for service '{ServiceId}'")]
    public static partial void ReminderTableStarted(this ILogger logger, string table, string endpoint, string serviceId);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning,
        Message = "Table storage at {Endpoint} did not complete {Operation} of '{Key}': it is unreachable or failing")]
    public static partial void StorageUnavailable(this ILogger logger, Exception exception, string endpoint, string operation, string key);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error,
        Message = "Skipped the reminder row PartitionKey '{PartitionKey}', RowKey '{RowKey}': it cannot be read ({Reason}). Inspect it, then repair or delete it")]
    public static partial void CorruptReminderSkipped(this ILogger logger, string partitionKey, string rowKey, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Debug,
        Message = "Removing reminder '{ReminderName}' of grain {GrainId} found nothing to remove: ETag {ETag} is stale or the reminder is gone")]
    public static partial void ReminderRemoveLost(this ILogger logger, string reminderName, string grainId, string eTag);
}
