namespace OrleansHa.Cli.Commands;

/// <summary>
/// The command line split into the command, its positional arguments, <c>--name value</c> options (repeatable)
/// and <c>--flag</c>s. A small hand parser: System.CommandLine is not on this project's package feed.
/// </summary>
internal sealed class CommandArguments
{
    private static readonly HashSet<string> Flags = ["--json", "--wait"];

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public string Command { get; private init; } = "";

    public List<string> Positional { get; } = [];

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    /// <exception cref="CliUsageException">An option lacks its value.</exception>
    public static CommandArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new CommandArguments { Command = args.Count > 0 ? args[0] : "" };
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (Flags.Contains(arg))
            {
                parsed._flags.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count)
                {
                    throw new CliUsageException($"option {arg} needs a value");
                }

                if (!parsed._options.TryGetValue(arg, out var values))
                {
                    parsed._options[arg] = values = [];
                }

                values.Add(args[++i]);
            }
            else
            {
                parsed.Positional.Add(arg);
            }
        }

        return parsed;
    }
}

/// <summary>The command line is wrong; the message says what and how to fix it.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
