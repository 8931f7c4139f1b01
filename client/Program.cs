using OrleansHa.Cli.Commands;
using OrleansHa.Cli.Demo;
using OrleansHa.Client;
using OrleansHa.Jobs;

namespace OrleansHa.Cli;

/// <summary><c>orleansha &lt;command&gt; [options]</c>: errors in one line, exit codes scripts can rely on.</summary>
internal static class Program
{
    public const string Usage =
        "usage: orleansha demo | submit --entry-type T [--artifact file.dll]... [--parallelism N] [--param k=v]... " +
        "[--checkpoint-interval 00:00:01] [--retained-checkpoints N] [--restart-strategy none|fixed-delay;attempts=3;delay=00:00:02] [--job-id id] [--wait] | list | status ID | cancel ID | result ID | leader | checkpoints ID; " +
        "options: --gateway PORT (a silo on this machine, default 30000) or --zookeeper HOSTS [--zookeeper-root /orleansha] [--cluster-id ID], --timeout SECONDS, --json";

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        try
        {
            var parsed = CommandArguments.Parse(args);
            switch (parsed.Command)
            {
                case "demo" when args.Count == 1:
                    using (var limit = new CancellationTokenSource(DemoCommand.TimeLimit))
                    {
                        return await new DemoCommand(output).RunAsync(limit.Token);
                    }

                case "" or "--help" or "-h" or "help":
                    output.WriteLine(Usage);
                    return parsed.Command == "" ? ExitCodes.BadInput : ExitCodes.Ok;
                case var command when JobCommands.Names.Contains(command):
                    return await new JobCommands(output).RunAsync(parsed, CancellationToken.None);
                default:
                    return Fail(error, ExitCodes.BadInput, $"unknown command '{string.Join(' ', args)}'. {Usage}");
            }
        }
        catch (CliUsageException exception)
        {
            return Fail(error, ExitCodes.BadInput, exception.Message);
        }
        catch (JobSpecValidationException exception)
        {
            return Fail(error, ExitCodes.BadInput, exception.Message);
        }
        catch (UnknownJobException exception)
        {
            return Fail(error, ExitCodes.NotFound, exception.Message);
        }
        catch (OrleansHaJobException exception)
        {
            return Fail(error, ExitCodes.Failed, exception.Message);
        }
        catch (ClusterUnavailableException exception)
        {
            return Fail(error, ExitCodes.Unreachable, exception.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(error, ExitCodes.Failed, $"the command did not finish within {DemoCommand.TimeLimit.TotalMinutes:0} minutes");
        }
    }

    private static int Fail(TextWriter error, int exitCode, string message)
    {
        error.WriteLine($"orleansha: {message.ReplaceLineEndings(" ")}");
        return exitCode;
    }
}

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything else that went wrong (the message says what).</summary>
    public const int Failed = 1;

    /// <summary>The command line or the job spec is wrong.</summary>
    public const int BadInput = 2;

    /// <summary>No silo answered within the timeout.</summary>
    public const int Unreachable = 3;

    /// <summary>The job ended FAILED or CANCELED.</summary>
    public const int JobFailed = 4;

    /// <summary>The cluster knows no such job.</summary>
    public const int NotFound = 5;
}
