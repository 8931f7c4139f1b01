using System.Text.Json.Serialization;

namespace OrleansHa.ZooKeeper.Membership;

/// <summary>
/// The JSON stored in a membership row znode. This is a storage contract shared by every silo of a cluster,
/// possibly of different versions during an upgrade: add optional properties, never rename or repurpose one,
/// and raise <see cref="CurrentFormatVersion"/> only for a change older readers must refuse.
/// </summary>
internal sealed class MembershipRowDocument
{
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("formatVersion")]
    public int FormatVersion { get; set; }

    /// <summary>The silo's parsable address (ip:port@generation); also the row's node name.</summary>
    [JsonPropertyName("siloAddress")]
    public string? SiloAddress { get; set; }

    [JsonPropertyName("status")]
    public SiloStatus Status { get; set; }

    [JsonPropertyName("siloName")]
    public string? SiloName { get; set; }

    [JsonPropertyName("hostName")]
    public string? HostName { get; set; }

    [JsonPropertyName("roleName")]
    public string? RoleName { get; set; }

    /// <summary>The silo's gateway port for clients; 0 when it is no gateway.</summary>
    [JsonPropertyName("proxyPort")]
    public int ProxyPort { get; set; }

    [JsonPropertyName("updateZone")]
    public int UpdateZone { get; set; }

    [JsonPropertyName("faultZone")]
    public int FaultZone { get; set; }

    [JsonPropertyName("startTime")]
    public DateTime StartTime { get; set; }

    /// <summary>The heartbeat as of the last conditional write; the row's alive node holds the newer ones.</summary>
    [JsonPropertyName("iAmAliveTime")]
    public DateTime IAmAliveTime { get; set; }

    [JsonPropertyName("suspectTimes")]
    public List<SuspectVoteDocument>? SuspectTimes { get; set; }
}

/// <summary>One silo's vote that the row's silo is dead, and when it voted.</summary>
internal sealed class SuspectVoteDocument
{
    [JsonPropertyName("silo")]
    public string? Silo { get; set; }

    [JsonPropertyName("time")]
    public DateTime Time { get; set; }
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MembershipRowDocument))]
internal sealed partial class MembershipJsonContext : JsonSerializerContext;
