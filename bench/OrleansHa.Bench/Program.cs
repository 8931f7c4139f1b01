using OrleansHa.Bench.Storage;

namespace OrleansHa.Bench;

/// <summary><c>dotnet run -c Release --project bench/OrleansHa.Bench -- storage</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["storage", ..]:
                await StorageBenchmark.RunAsync(Console.Out, CancellationToken.None);
                return 0;
            default:
                Console.Error.WriteLine("usage: OrleansHa.Bench storage");
                Console.Error.WriteLine("  storage   conditional writes/s and reads/s of the Azure Blob grain storage beside the raw Azure SDK, on Azurite");
                return 2;
        }
    }
}
