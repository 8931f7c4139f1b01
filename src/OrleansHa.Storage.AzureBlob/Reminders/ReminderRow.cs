using Azure.Data.Tables;

namespace OrleansHa.Storage.AzureBlob.Reminders;

/// <summary>Maps a <see cref="ReminderEntry"/> to its table entity and back.</summary>
internal static class ReminderRow
{
    private const string GrainIdField = "GrainId";
    private const string ReminderNameField = "ReminderName";
    private const string StartAtField = "StartAt";
    private const string PeriodField = "Period";
    private const string ServiceIdField = "ServiceId";
    private const string GrainHashField = "GrainHash";

    public static TableEntity ToEntity(ReminderEntry entry, string serviceId)
    {
        var hash = entry.GrainId.GetUniformHashCode();
        return new TableEntity(ReminderKeys.PartitionKey(serviceId, hash), ReminderKeys.RowKey(entry.GrainId, entry.ReminderName))
        {
            [GrainIdField] = entry.GrainId.ToString(),
            [ReminderNameField] = entry.ReminderName,
            [StartAtField] = new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)),
            // Ticks, not a TimeSpan string: exact and cheap to read back.
            [PeriodField] = entry.Period.Ticks,
            [ServiceIdField] = serviceId,
            [GrainHashField] = (long)hash,
        };
    }

    /// <summary>The entry, or null with the reason when the row is not a whole reminder.</summary>
    public static ReminderEntry? TryFromEntity(TableEntity entity, out string? problem)
    {
        try
        {
            return FromEntity(entity, out problem);
        }
        catch (InvalidOperationException e)
        {
            // TableEntity's typed getters throw when a field holds another type.
            problem = e.Message;
            return null;
        }
    }

    private static ReminderEntry? FromEntity(TableEntity entity, out string? problem)
    {
        problem = null;
        if (entity.GetString(GrainIdField) is not { Length: > 0 } grainIdText || !GrainId.TryParse(grainIdText, null, out var grainId))
        {
            problem = $"{GrainIdField} is missing or not a grain id";
            return null;
        }

        if (entity.GetString(ReminderNameField) is not { Length: > 0 } reminderName)
        {
            problem = $"{ReminderNameField} is missing";
            return null;
        }

        if (entity.GetDateTimeOffset(StartAtField) is not { } startAt)
        {
            problem = $"{StartAtField} is missing or not a date";
            return null;
        }

        if (entity.GetInt64(PeriodField) is not { } periodTicks || periodTicks < 0)
        {
            problem = $"{PeriodField} is missing or not a non-negative tick count";
            return null;
        }

        return new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = reminderName,
            StartAt = startAt.UtcDateTime,
            Period = TimeSpan.FromTicks(periodTicks),
            ETag = entity.ETag.ToString(),
        };
    }
}
