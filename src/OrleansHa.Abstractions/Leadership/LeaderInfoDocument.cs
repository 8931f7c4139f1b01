using System.Text.Json;
using OrleansHa.Storage;

namespace OrleansHa.Leadership;

/// <summary>
/// The stored form of a <see cref="LeaderInfo"/>, the same in a znode and in a storage record:
/// <c>{"version":1,"siloAddress":"...","epoch":7,"since":"...","restAddress":"..."}</c>. A reader refuses a
/// version it does not know rather than guess.
/// </summary>
public static class LeaderInfoDocument
{
    public const int CurrentVersion = 1;

    public static byte[] Write(LeaderInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", CurrentVersion);
            writer.WriteString("siloAddress", info.SiloAddress);
            writer.WriteNumber("epoch", info.Epoch);
            writer.WriteString("since", info.Since);
            if (info.RestAddress is { } rest)
            {
                writer.WriteString("restAddress", rest);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <param name="location">The znode path, blob name or file path, for the error.</param>
    /// <param name="utf8Json">The stored bytes.</param>
    /// <exception cref="CorruptStoredRecordException">The bytes are not a leader info document.</exception>
    public static LeaderInfo Read(string location, ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            var root = document.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != CurrentVersion)
            {
                throw new CorruptStoredRecordException(
                    location, $"it has version {version}, and this release reads leader info version {CurrentVersion} only");
            }

            var info = new LeaderInfo(
                root.GetProperty("siloAddress").GetString()!,
                root.GetProperty("epoch").GetInt64(),
                root.GetProperty("since").GetDateTimeOffset(),
                root.TryGetProperty("restAddress", out var rest) ? rest.GetString() : null);
            info.Validate();
            return info;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException
            or FormatException or ArgumentException)
        {
            throw new CorruptStoredRecordException(
                location, $"it is not a version {CurrentVersion} leader info document ({e.Message})", e);
        }
    }
}
