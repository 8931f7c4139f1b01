using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrleansHa.Jobs;

/// <summary>
/// Identifies a job across its whole life: submission, attempts, its JobResultStore entry and its history.
/// A client may choose it (which makes a submission idempotent) or let <see cref="New"/> generate one.
/// </summary>
/// <remarks>
/// The value becomes part of blob names, file names and znode paths, so it is restricted to a set of
/// characters that is safe in all three: letters, digits, '.', '_' and '-', starting with a letter or digit,
/// at most <see cref="MaxLength"/> characters. It must not end with <see cref="ReservedSuffix"/>, which marks
/// dirty JobResultStore entries: job "x_DIRTY" would have the clean entry "x_DIRTY.json", the name of job "x"'s
/// dirty entry.
/// </remarks>
[GenerateSerializer]
[Alias("orleansha.JobId")]
[Immutable]
[JsonConverter(typeof(JobIdJsonConverter))]
[TypeConverter(typeof(JobIdTypeConverter))]
public readonly partial record struct JobId : IParsable<JobId>
{
    public const int MaxLength = 128;

    public const string ReservedSuffix = "_DIRTY";

    [Id(0)]
    public string Value { get; }

    public JobId(string value)
    {
        if (!IsValid(value, out var reason))
        {
            throw new ArgumentException($"'{value}' is not a valid job id: {reason}", nameof(value));
        }

        Value = value;
    }

    /// <summary>A new random job id: 32 lowercase hexadecimal characters, as Flink's.</summary>
    public static JobId New() => new(Guid.NewGuid().ToString("N"));

    public static bool IsValid([NotNullWhen(true)] string? value, [NotNullWhen(false)] out string? reason)
    {
        if (string.IsNullOrEmpty(value))
        {
            reason = "it is empty.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            reason = $"it has {value.Length} characters, at most {MaxLength} are allowed.";
            return false;
        }

        if (!AllowedCharacters().IsMatch(value))
        {
            reason = "use letters, digits, '.', '_' and '-' only, starting with a letter or a digit.";
            return false;
        }

        if (value.EndsWith(ReservedSuffix, StringComparison.OrdinalIgnoreCase))
        {
            reason = $"it ends with '{ReservedSuffix}', which the JobResultStore reserves for its dirty entries.";
            return false;
        }

        reason = null;
        return true;
    }

    public static JobId Parse(string s, IFormatProvider? provider = null) => new(s);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out JobId result)
    {
        if (IsValid(s, out _))
        {
            result = new JobId(s);
            return true;
        }

        result = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedCharacters();
}
