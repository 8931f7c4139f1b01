using System.ComponentModel;
using System.Globalization;

namespace OrleansHa.Jobs;

/// <summary>
/// The canonical text form of a <see cref="RestartStrategy"/>: <c>none</c>,
/// <c>fixed-delay;attempts=3;delay=00:00:02</c> or
/// <c>exponential-delay;attempts=5;initial=00:00:01;max=00:01:00</c>. Serializers that honour type converters
/// (Newtonsoft.Json in Orleans' default grain storage serializer) store a strategy as this one string, so a
/// strategy whose fields all hold default values is not dropped as "default".
/// </summary>
public static class RestartStrategyText
{
    public static string Format(RestartStrategy strategy) => strategy.Kind switch
    {
        RestartStrategyKind.FixedDelay =>
            FormattableString.Invariant($"fixed-delay;attempts={strategy.Attempts};delay={strategy.Delay:c}"),
        RestartStrategyKind.ExponentialDelay => FormattableString.Invariant(
            $"exponential-delay;attempts={strategy.Attempts};initial={strategy.Delay:c};max={strategy.MaxDelay:c}"),
        _ => "none",
    };

    /// <exception cref="FormatException">The text is not a restart strategy; the message shows the forms.</exception>
    public static RestartStrategy Parse(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        var fields = parts.Skip(1)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
        return parts[0].ToLowerInvariant() switch
        {
            "none" when fields.Count == 0 => RestartStrategy.None,
            "fixed-delay" => RestartStrategy.FixedDelay(Int(fields, "attempts", text), Time(fields, "delay", text)),
            "exponential-delay" => RestartStrategy.ExponentialDelay(
                Time(fields, "initial", text), Time(fields, "max", text), Int(fields, "attempts", text)),
            _ => throw Invalid(text),
        };
    }

    private static int Int(Dictionary<string, string> fields, string name, string text) =>
        fields.TryGetValue(name, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid(text);

    private static TimeSpan Time(Dictionary<string, string> fields, string name, string text) =>
        fields.TryGetValue(name, out var value) && TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var time)
            ? time
            : throw Invalid(text);

    private static FormatException Invalid(string text) => new(
        $"'{text}' is not a restart strategy. Use 'none', 'fixed-delay;attempts=3;delay=00:00:02' or " +
        "'exponential-delay;attempts=5;initial=00:00:01;max=00:01:00'.");
}

/// <summary>Converts a <see cref="RestartStrategy"/> to and from <see cref="RestartStrategyText"/>.</summary>
public sealed class RestartStrategyTypeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? RestartStrategyText.Parse(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is RestartStrategy strategy
            ? RestartStrategyText.Format(strategy)
            : base.ConvertTo(context, culture, value, destinationType);
}
