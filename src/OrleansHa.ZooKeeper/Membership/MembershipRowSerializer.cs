using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>Encodes the data of the membership znodes: rows as JSON, heartbeats and the table version as text.</summary>
internal static class MembershipRowSerializer
{
    public static byte[] SerializeRow(MembershipEntry entry)
    {
        var document = new MembershipRowDocument
        {
            FormatVersion = MembershipRowDocument.CurrentFormatVersion,
            SiloAddress = entry.SiloAddress.ToParsableString(),
            Status = entry.Status,
            SiloName = entry.SiloName,
            HostName = entry.HostName,
            RoleName = entry.RoleName,
            ProxyPort = entry.ProxyPort,
            UpdateZone = entry.UpdateZone,
            FaultZone = entry.FaultZone,
            StartTime = ToUtc(entry.StartTime),
            IAmAliveTime = ToUtc(entry.IAmAliveTime),
            SuspectTimes = entry.SuspectTimes?
                .Select(vote => new SuspectVoteDocument { Silo = vote.Item1.ToParsableString(), Time = ToUtc(vote.Item2) })
                .ToList(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, MembershipJsonContext.Default.MembershipRowDocument);
    }

    /// <exception cref="FormatException">The data is not a membership row this version can read.</exception>
    public static MembershipEntry DeserializeRow(ReadOnlySpan<byte> data)
    {
        MembershipRowDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(data, MembershipJsonContext.Default.MembershipRowDocument);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON: {e.Message}", e);
        }

        if (document is null)
        {
            throw new FormatException("the JSON is null");
        }

        if (document.FormatVersion != MembershipRowDocument.CurrentFormatVersion)
        {
            throw new FormatException(
                $"format version {document.FormatVersion}, this silo reads version {MembershipRowDocument.CurrentFormatVersion}");
        }

        return new MembershipEntry
        {
            SiloAddress = ParseSiloAddress(document.SiloAddress, "siloAddress"),
            Status = document.Status,
            SiloName = document.SiloName ?? string.Empty,
            HostName = document.HostName ?? string.Empty,
            RoleName = document.RoleName,
            ProxyPort = document.ProxyPort,
            UpdateZone = document.UpdateZone,
            FaultZone = document.FaultZone,
            StartTime = ToUtc(document.StartTime),
            IAmAliveTime = ToUtc(document.IAmAliveTime),
            SuspectTimes = document.SuspectTimes?
                .Select(vote => Tuple.Create(ParseSiloAddress(vote.Silo, "suspectTimes.silo"), ToUtc(vote.Time)))
                .ToList(),
        };
    }

    public static byte[] SerializeTime(DateTime time) =>
        Encoding.UTF8.GetBytes(ToUtc(time).ToString("O", CultureInfo.InvariantCulture));

    /// <exception cref="FormatException">The data is not a round-trip UTC time.</exception>
    public static DateTime DeserializeTime(ReadOnlySpan<byte> data) =>
        ToUtc(DateTime.Parse(Encoding.UTF8.GetString(data), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    public static byte[] SerializeTableVersion(int version) =>
        Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="FormatException">The data is not a table version.</exception>
    public static int DeserializeTableVersion(ReadOnlySpan<byte> data) =>
        int.Parse(Encoding.UTF8.GetString(data), NumberStyles.None, CultureInfo.InvariantCulture);

    private static SiloAddress ParseSiloAddress(string? text, string property)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new FormatException($"'{property}' is missing");
        }

        try
        {
            return SiloAddress.FromParsableString(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new FormatException($"'{property}' is not a silo address: '{text}'", e);
        }
    }

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };
}
