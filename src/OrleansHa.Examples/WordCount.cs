using OrleansHa.Authoring;

namespace OrleansHa.Examples;

/// <summary>
/// Counts the words of a text file (parameter <c>inputPath</c>), each subtask over its own range of lines.
/// Accumulators: <c>lines</c>, <c>words</c>, and <c>word:&lt;word&gt;</c> for each distinct lowercase word.
/// The next line to read is the checkpointed state.
/// </summary>
public sealed class WordCount : IJobTask
{
    public const string WordPrefix = "word:";

    private static readonly char[] Separators = [' ', '\t', ',', '.', ';', ':', '!', '?', '"', '(', ')', '[', ']'];

    public async Task RunAsync(ITaskContext context, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(context.GetRequired("inputPath"), cancellationToken);
        var (start, end) = context.ShareOf(lines.Length);
        var next = context.RestoredState is { } state ? BitConverter.ToInt64(state.Span) : start;
        for (; next < end; next++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var word in lines[next].Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                context.Accumulators.Add(WordPrefix + word.ToLowerInvariant(), 1);
                context.Accumulators.Add("words", 1);
            }

            context.Accumulators.Add("lines", 1);
            var position = next + 1;
            await context.SafePointAsync(() => BitConverter.GetBytes(position));
        }
    }
}
