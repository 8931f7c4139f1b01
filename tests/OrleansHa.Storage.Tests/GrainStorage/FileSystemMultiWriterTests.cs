using Orleans.Storage;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.GrainStorage;

/// <summary>
/// Several silos on one machine sharing one storage directory: separate provider instances, and separate
/// processes, never both win a conditional write.
/// </summary>
public sealed class FileSystemMultiWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _clusterId = $"multi-{Guid.NewGuid():N}";

    [Fact]
    public async Task FirstWrites_FromSeparateProviderInstances_ExactlyOneWinsPerGrain()
    {
        var backend = new FileSystemBackend(_directory.Path);
        var instances = Enumerable.Range(0, 4).Select(_ => backend.CreateGrainStorage(_clusterId)).ToList();
        var grains = Enumerable.Range(0, 20).Select(i => GrainId.Create("job", $"raced-{i}")).ToList();

        var wins = await Task.WhenAll(grains.Select(async grain =>
        {
            var outcomes = await Task.WhenAll(instances.Select(async instance =>
            {
                try
                {
                    await instance.WriteStateAsync("state", grain, new TestGrainState<CounterState> { State = new() });
                    return 1;
                }
                catch (InconsistentStateException)
                {
                    return 0;
                }
            }));
            return outcomes.Sum();
        }));

        Assert.All(wins, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Increments_FromThisProcessAndAChildProcess_LoseNoUpdate()
    {
        const int Increments = 150;
        var cancellation = TestContext.Current.CancellationToken;
        var backend = new FileSystemBackend(_directory.Path);
        using var child = FileSystemChildWriter.StartProcess(_directory.Path, _clusterId, Increments);

        await Task.WhenAll(
            FileSystemChildWriter.IncrementAsync(backend.CreateGrainStorage(_clusterId), Increments, cancellation),
            FileSystemChildWriter.IncrementAsync(backend.CreateGrainStorage(_clusterId), Increments, cancellation));
        await child.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(60), cancellation);

        Assert.True(child.ExitCode == 0, await child.StandardError.ReadToEndAsync(cancellation));
        var state = new TestGrainState<CounterState>();
        await backend.CreateGrainStorage(_clusterId).ReadStateAsync("state", FileSystemChildWriter.Counter, state);
        Assert.Equal(3 * Increments, state.State!.Value);
    }

    public void Dispose() => _directory.Dispose();
}
