using OrleansHa.Cli.Demo;

namespace OrleansHa.Cli;

/// <summary><c>orleansha demo</c>; the other commands arrive with the client SDK (issue 6).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["demo"]:
                using (var cancellation = new CancellationTokenSource(DemoCommand.TimeLimit))
                {
                    try
                    {
                        return await new DemoCommand(Console.Out).RunAsync(cancellation.Token);
                    }
                    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                    {
                        Console.Error.WriteLine($"orleansha: the demo did not finish within {DemoCommand.TimeLimit.TotalMinutes:0} minutes; the machine may be overloaded.");
                        return ExitCodes.Failed;
                    }
                }

            case [] or ["--help"] or ["-h"]:
                Console.WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
            default:
                Console.Error.WriteLine($"orleansha: unknown command '{string.Join(' ', args)}'. {Usage}");
                return ExitCodes.BadInput;
        }
    }

    private const string Usage = "usage: orleansha demo   (an embedded 3-silo cluster: a job survives the loss of the leader's silo)";
}

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
}
