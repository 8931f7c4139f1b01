using OrleansHa.Examples;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>The sample jobs of OrleansHa.Examples on the cluster, with results known in advance.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SampleJobTests(SharedClusterFixture fixture)
{
    // 5 lines and 16 words, repeated: "the" 4 times, "fox" 3, "dog" 2, every other word once.
    private static readonly string[] Block =
    [
        "the quick brown fox",
        "jumps over the lazy dog.",
        "The dog sleeps; the fox runs!",
        "",
        "(fox)",
    ];

    private RuntimeCluster Runtime => fixture.Runtime;

    [Fact]
    public async Task WordCount_OverATextFile_CountsEveryLineAndWordExactly()
    {
        const int repeats = 300;
        var directory = RepositoryPaths.NewTemporaryDirectory("wordcount");
        try
        {
            var input = Path.Combine(directory, "input.txt");
            await File.WriteAllLinesAsync(input, Enumerable.Repeat(Block, repeats).SelectMany(b => b), TestContext.Current.CancellationToken);
            var spec = new JobSpec
            {
                JobId = JobId.New(),
                Name = "word-count",
                EntryType = typeof(WordCount).FullName!,
                Parallelism = SharedClusterFixture.Silos,
                Parameters = new Dictionary<string, string> { ["inputPath"] = input },
                CheckpointInterval = TimeSpan.FromMilliseconds(20),
            };

            await Runtime.SubmitAsync(spec);
            var result = await Runtime.WaitForResultAsync(spec.JobId);

            Assert.Equal(JobStatus.Finished, result.FinalStatus);
            var expected = new Dictionary<string, long>
            {
                ["lines"] = 5 * repeats,
                ["words"] = 16 * repeats,
                [WordCount.WordPrefix + "the"] = 4 * repeats,
                [WordCount.WordPrefix + "fox"] = 3 * repeats,
                [WordCount.WordPrefix + "dog"] = 2 * repeats,
            };
            foreach (var word in new[] { "quick", "brown", "jumps", "over", "lazy", "sleeps", "runs" })
            {
                expected[WordCount.WordPrefix + word] = repeats;
            }

            Assert.Equal(expected.OrderBy(e => e.Key), result.Accumulators.OrderBy(e => e.Key));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task LargeState_CheckpointsItsWholeState_AndAfterAFailureResumesFromIt()
    {
        const int stateBytes = 1 << 20;
        const int iterations = 200;
        var spec = new JobSpec
        {
            JobId = JobId.New(),
            Name = "large-state",
            EntryType = typeof(LargeState).FullName!,
            Parallelism = 2,
            Parameters = new Dictionary<string, string>
            {
                ["stateBytes"] = stateBytes.ToString(),
                ["iterations"] = iterations.ToString(),
                ["delayMs"] = "20",
            },
            CheckpointInterval = TimeSpan.FromMilliseconds(200),
            RestartStrategy = RestartStrategy.FixedDelay(1, TimeSpan.FromMilliseconds(200)),
        };
        await Runtime.SubmitAsync(spec);
        await Eventually.ThatAsync(
            async () => (await Runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId >= 2,
            "two completed checkpoints");
        var checkpointId = (await Runtime.Job(spec.JobId).GetDetailsAsync()).LatestCompletedCheckpointId!.Value;
        var stored = await Task.WhenAll(Enumerable.Range(0, spec.Parallelism).Select(
            subtask => Runtime.Blobs.SizeAsync(Runtime.Blobs.Layout.CheckpointPayload(spec.JobId, checkpointId, subtask))));

        // Fails the attempt as a failed subtask would: the restart must restore both subtasks' large states.
        Assert.True(await Runtime.Job(spec.JobId).OnSubtaskFailedAsync(1, 0, "injected failure", recoverable: true));
        var result = await Runtime.WaitForResultAsync(spec.JobId);
        var details = await Runtime.Job(spec.JobId).GetDetailsAsync();

        Assert.All(stored, size => Assert.True(size > stateBytes, $"a payload holds {size} bytes, less than the {stateBytes}-byte state"));
        Assert.Equal(JobStatus.Finished, result.FinalStatus);
        Assert.Equal(2, details.Attempt);
        Assert.NotNull(details.RestoredCheckpointId);

        // Every step counted once: the restored state says where each subtask was, its accumulators what it counted.
        Assert.Equal(iterations * spec.Parallelism, result.Accumulators["iterations"]);
    }
}
