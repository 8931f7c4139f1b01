namespace OrleansHa.Testing.Cli;

/// <summary>The <c>orleansha</c> command-line program (client/) run as a process, as a script runs it.</summary>
public static class CliProcess
{
    public static string ProgramPath { get; } = BuiltProgram.PathOf("client", "orleansha.dll");

    /// <summary>Runs <c>orleansha</c> with <paramref name="arguments"/> and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/>; it is killed.</exception>
    public static Task<CommandRun> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        DotnetCommand.RunAsync([ProgramPath, .. arguments], timeout);
}
