namespace OrleansHa.ZooKeeper.Tests.Cluster;

/// <summary>
/// The entry point of the test executable. It runs the tests as xunit's generated entry point does, except when
/// started with <see cref="TestSiloHost.Verb"/>: then it is one silo of the cluster tests, a real process that a
/// test can kill -9 so that the other silos, not the dying one, declare it dead.
/// </summary>
internal static class TestProcessEntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == TestSiloHost.Verb)
        {
            return await TestSiloHost.RunAsync(args[1..]);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return await Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(
                args, SelfRegisteredExtensions.AddSelfRegisteredExtensions);
        }

        return await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args);
    }
}
