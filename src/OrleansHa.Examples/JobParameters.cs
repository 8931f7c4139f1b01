using System.Globalization;
using OrleansHa.Authoring;

namespace OrleansHa.Examples;

/// <summary>Reads typed parameters, with a message naming the parameter when one is malformed.</summary>
internal static class JobParameters
{
    public static long GetInt64(this ITaskContext context, string name, long defaultValue)
    {
        if (!context.Parameters.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"The job parameter '{name}' is '{text}', not a whole number.");
    }

    public static string GetRequired(this ITaskContext context, string name) =>
        context.Parameters.TryGetValue(name, out var text) && !string.IsNullOrEmpty(text)
            ? text
            : throw new ArgumentException($"The job parameter '{name}' is missing.");

    /// <summary>The subtask's share [start, end) of the items 0..count-1, as contiguous ranges.</summary>
    public static (long Start, long End) ShareOf(this ITaskContext context, long count) =>
        (count * context.SubtaskIndex / context.Parallelism, count * (context.SubtaskIndex + 1) / context.Parallelism);
}
