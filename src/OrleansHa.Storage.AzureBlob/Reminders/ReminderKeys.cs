using System.Globalization;
using System.Text;

namespace OrleansHa.Storage.AzureBlob.Reminders;

/// <summary>
/// The keys of a reminder row. PartitionKey is the service id and the grain's uniform hash as 8 hex digits,
/// so a hash range of one service is a PartitionKey range; RowKey is the escaped grain id and reminder name.
/// </summary>
internal static class ReminderKeys
{
    /// <summary>'-' is escaped in the grain id so the first bare '-' of a RowKey is always the separator.</summary>
    private const char Separator = '-';

    public static string PartitionKey(string serviceId, uint grainHash) =>
        $"{PartitionPrefix(serviceId)}{grainHash.ToString("X8", CultureInfo.InvariantCulture)}";

    /// <summary>Every PartitionKey of the service starts with this; the hash digits follow.</summary>
    /// <remarks>
    /// '_' is escaped inside the service id: otherwise service "svc_0"'s keys ("svc_0_…") would sort inside
    /// service "svc"'s hash range ("svc_00000000" to "svc_FFFFFFFF") and leak into its range reads.
    /// </remarks>
    public static string PartitionPrefix(string serviceId) =>
        Escape(serviceId, escapeSeparator: false).Replace("_", "%5F", StringComparison.Ordinal) + "_";

    public static string RowKey(GrainId grainId, string reminderName) =>
        RowKeyPrefix(grainId) + Escape(reminderName, escapeSeparator: false);

    /// <summary>Every RowKey of the grain's reminders starts with this.</summary>
    public static string RowKeyPrefix(GrainId grainId) => Escape(grainId.ToString(), escapeSeparator: true) + Separator;

    /// <summary>The smallest string above every string that starts with <paramref name="prefix"/>.</summary>
    public static string PrefixUpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>
    /// Replaces what Azure Tables forbid in keys ('/', '\', '#', '?', control characters), and '%' itself, with
    /// '%' and the character's code, so distinct names stay distinct.
    /// </summary>
    private static string Escape(string value, bool escapeSeparator)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c) || (escapeSeparator && c == Separator))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
