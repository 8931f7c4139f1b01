namespace OrleansHa.Testing;

/// <summary>What one run of a command printed, and how it exited.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
