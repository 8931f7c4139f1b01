using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansHa.Jobs;

/// <summary>
/// Writes a <see cref="JobId"/> as its plain string in System.Text.Json, and reads it back through the
/// validating constructor. Without it the serializer would build the struct with its implicit parameterless
/// constructor and lose the value.
/// </summary>
public sealed class JobIdJsonConverter : JsonConverter<JobId>
{
    public override JobId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (!JobId.IsValid(value, out var reason))
        {
            throw new JsonException($"'{value}' is not a valid job id: {reason}");
        }

        return new JobId(value);
    }

    public override void Write(Utf8JsonWriter writer, JobId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);

    public override JobId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, JobId value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.Value);
}

/// <summary>
/// Converts a <see cref="JobId"/> to and from its string for serializers that honour type converters
/// (Newtonsoft.Json, which Orleans' default grain storage serializer uses, and configuration binding).
/// </summary>
public sealed class JobIdTypeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) =>
        destinationType == typeof(string) || base.CanConvertTo(context, destinationType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? new JobId(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is JobId jobId ? jobId.Value : base.ConvertTo(context, culture, value, destinationType);
}
