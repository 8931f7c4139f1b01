using Azure.Storage.Blobs.Models;
using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>The sample jobs other than SumRange, on the shared cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SampleJobTests(SharedClusterFixture fixture) : IDisposable
{
    private readonly string _inputPath = Path.Combine(Path.GetTempPath(), $"orleansha-wordcount-{Guid.NewGuid():N}.txt");

    private RuntimeCluster Runtime => fixture.Runtime;

    [Fact]
    public async Task WordCount_OverATextFile_CountsEveryWordExactlyOnce()
    {
        // 90 lines over 3 subtasks: line i holds "alpha" once, "beta" i % 3 times and "gamma" when i is even.
        var lines = Enumerable.Range(0, 90)
            .Select(i => string.Join(' ', new[] { "Alpha," }.Concat(Enumerable.Repeat("beta", i % 3)).Concat(i % 2 == 0 ? ["GAMMA."] : [])))
            .ToList();
        await File.WriteAllLinesAsync(_inputPath, lines, TestContext.Current.CancellationToken);
        var spec = new JobSpec
        {
            JobId = JobId.New(),
            EntryType = typeof(WordCount).FullName!,
            Parallelism = 3,
            Parameters = new Dictionary<string, string> { ["inputPath"] = _inputPath },
            CheckpointInterval = TimeSpan.FromMilliseconds(20),
        };

        await Runtime.SubmitAsync(spec);
        var result = await Runtime.WaitForResultAsync(spec.JobId);

        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(90, result.Accumulators["lines"]);
        Assert.Equal(90, result.Accumulators[WordCount.WordPrefix + "alpha"]);
        Assert.Equal(90, result.Accumulators[WordCount.WordPrefix + "beta"]);
        Assert.Equal(45, result.Accumulators[WordCount.WordPrefix + "gamma"]);
        Assert.Equal(90 + 90 + 45, result.Accumulators["words"]);
    }

    [Fact]
    public async Task LargeState_IsCheckpointedWhole_AndRestoredAfterAFailure()
    {
        const int stateBytes = 1 << 20;
        const int iterations = 40;
        var spec = new JobSpec
        {
            JobId = JobId.New(),
            EntryType = typeof(LargeState).FullName!,
            Parallelism = 2,
            Parameters = new Dictionary<string, string>
            {
                ["stateBytes"] = stateBytes.ToString(), ["iterations"] = iterations.ToString(), ["delayMs"] = "50",
            },
            CheckpointInterval = TimeSpan.FromMilliseconds(100),
            RetainedCheckpoints = 2,
            RestartStrategy = RestartStrategy.FixedDelay(1, TimeSpan.FromMilliseconds(100)),
        };

        await Runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await Runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 2,
            "two completed checkpoints");
        var payloadSizes = new List<long>();
        await foreach (var blob in Runtime.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Runtime.Layout.CheckpointsPrefix(spec.JobId), TestContext.Current.CancellationToken))
        {
            payloadSizes.Add(blob.Properties.ContentLength ?? 0);
        }

        // A subtask fails: the attempt restarts from the latest checkpoint with the whole state.
        var silo = (await Runtime.Job(spec.JobId).GetDetailsAsync()).Subtasks[0].Silo;
        await Runtime.Job(spec.JobId).OnSubtaskFailedAsync(1, 0, "injected failure", recoverable: true);
        await Runtime.Client.GetGrain<Execution.ITaskExecutorGrain>(silo).CancelAsync(spec.JobId, 1);
        var result = await Runtime.WaitForResultAsync(spec.JobId);
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.All(payloadSizes, size => Assert.True(size > stateBytes, $"a payload of {size} bytes cannot hold a {stateBytes}-byte state"));
        Assert.NotEmpty(payloadSizes);
        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(2, details.Attempt);
        Assert.NotNull(details.RestoredCheckpointId);
        Assert.Equal(iterations * 2, result.Accumulators["iterations"]);
    }

    public void Dispose() => File.Delete(_inputPath);
}
