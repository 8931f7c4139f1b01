using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>
/// The processes the tests start do not share the test process's standard input, which xunit v3 uses as
/// its runner's command channel: a silo or server that read from it would take the runner's messages.
/// </summary>
public sealed class ChildProcessInputTests : IDisposable
{
    private readonly string _directory = RepositoryPaths.NewTemporaryDirectory("child-input");

    [Fact]
    public async Task AServerProcess_HasAStandardInputOfItsOwn_AtEndOfFile()
    {
        var ours = new FileInfo("/proc/self/fd/0").LinkTarget;
        var log = Path.Combine(_directory, "child.log");

        // Prints what its standard input is, then reads it to the end: an inherited input would never end.
        using var child = ServerProcess.Start(
            "sh", ["-c", "readlink /proc/self/fd/0; cat > /dev/null; echo input-ended"], _directory, log);

        Assert.True(await child.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"The child still reads its input.\n{child.TailOfLog()}");
        await ProcessWaits.UntilAsync(() => child.TailOfLog().Contains("input-ended"), "the child's last line in its log", child);
        var childInput = child.TailOfLog().Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        Assert.NotEqual(ours, childInput);
        Assert.StartsWith("pipe:", childInput);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
