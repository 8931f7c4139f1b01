using OrleansHa.Storage.Tests.GrainStorage;

namespace OrleansHa.Storage.Tests;

/// <summary>
/// The test program's entry point: xunit's own, plus one extra mode in which the program is a second
/// writer process for the multi-process tests of the file-system grain storage.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args is [FileSystemChildWriter.Command, ..])
        {
            return FileSystemChildWriter.Run(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework
                .RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();
        }

        return Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }
}
