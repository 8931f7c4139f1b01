using System.Diagnostics;
using Orleans.Storage;
using OrleansHa.Storage.Tests.Infrastructure;
using OrleansHa.Testing;

namespace OrleansHa.Storage.Tests.GrainStorage;

/// <summary>
/// Increments a counter grain's state in a storage directory with read, add one, conditional write, and a
/// fresh read after every lost write: a lost update would show as a final count below the sum of all
/// increments. Runs in the test process and, started by <see cref="StartProcess"/>, in a second process.
/// </summary>
public static class FileSystemChildWriter
{
    public const string Command = "--fs-child-writer";

    public static readonly GrainId Counter = GrainId.Create("counter", "shared");

    /// <summary>Adds <paramref name="increments"/> to the counter; returns how many writes were lost and retried.</summary>
    public static async Task<int> IncrementAsync(IGrainStorage storage, int increments, CancellationToken cancellationToken)
    {
        var conflicts = 0;
        var state = new TestGrainState<CounterState>();
        await storage.ReadStateAsync("state", Counter, state);
        for (var done = 0; done < increments;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state.State!.Value++;
            try
            {
                await storage.WriteStateAsync("state", Counter, state);
                done++;
            }
            catch (InconsistentStateException)
            {
                conflicts++;
                await storage.ReadStateAsync("state", Counter, state);
            }
        }

        return conflicts;
    }

    /// <summary>Starts this test program as a writer process on <paramref name="root"/>.</summary>
    public static Process StartProcess(string root, string clusterId, int increments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(FileSystemChildWriter).Assembly.Location, Command, root, clusterId, increments.ToString() })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return ChildProcessStart.StartWithoutInput(startInfo);
    }

    internal static async Task<int> Run(string[] args)
    {
        var backend = new FileSystemBackend(args[0]);
        var conflicts = await IncrementAsync(backend.CreateGrainStorage(args[1]), int.Parse(args[2]), CancellationToken.None);
        Console.WriteLine($"conflicts {conflicts}");
        return 0;
    }
}
