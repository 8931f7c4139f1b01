using System.Text;
using OrleansHa.Jobs;
using OrleansHa.Storage.Layout;
using Xunit;

namespace OrleansHa.Storage.Tests.Layout;

/// <summary>Names both backends agree on: readable, reversible, and unable to leave their prefix.</summary>
public sealed class StorageLayoutTests
{
    [Theory]
    [InlineData("job-42", "job-42")]
    [InlineData("задание-7", "задание-7")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("..", ".%2E")]
    [InlineData(".", "%2E")]
    [InlineData("100%", "100%25")]
    [InlineData("sp ace\\x?#", "sp%20ace%5Cx%3F%23")]
    [InlineData("emoji-😀", "emoji-%F0%9F%98%80")]
    public void Segment_EncodesReadablyAndDecodesBack(string value, string encoded)
    {
        Assert.Equal(encoded, StoragePathSegment.Encode(value));
        Assert.Equal(value, StoragePathSegment.Decode(encoded));
    }

    [Fact]
    public void Segment_LongerThanAFileNameAllows_IsRejectedWithTheLimit()
    {
        var error = Assert.Throws<ArgumentException>(() => StoragePathSegment.Encode(new string('я', 200)));

        Assert.Contains("255", error.Message);
    }

    [Fact]
    public void Layout_FollowsTheDesignedNames()
    {
        var layout = new HaStorageLayout("prod");
        var job = new JobId("j1");

        Assert.Equal("prod/grains/job/j1/state.json", layout.GrainState(GrainId.Create("job", "j1"), "state"));
        Assert.Equal("prod/job-result-store/j1_DIRTY.json", layout.DirtyJobResult(job));
        Assert.Equal("prod/job-result-store/j1.json", layout.CleanJobResult(job));
        Assert.Equal("prod/artifacts/j1/My.dll", layout.Artifact(job, "My.dll"));
        Assert.Equal("prod/checkpoints/j1/3/0.bin", layout.CheckpointPayload(job, 3, 0));
        Assert.Equal("prod/history/j1.json", layout.History(job));
        Assert.True(HaStorageLayout.TryParseDirtyJobResultName("j1_DIRTY.json", out var parsed));
        Assert.Equal(job, parsed);
        Assert.False(HaStorageLayout.TryParseDirtyJobResultName("j1.json", out _));
    }

    [Theory]
    [InlineData("x_DIRTY")]
    [InlineData("x_dirty")]
    public void JobId_EndingWithTheDirtySuffix_IsRejected(string value)
    {
        Assert.False(JobId.IsValid(value, out var reason));
        Assert.Contains("_DIRTY", reason);
    }

    [Fact]
    public void JobResultDocument_IsVersionedAndRoundTrips()
    {
        var result = new JobResult(
            new JobId("j1"), JobStatus.Failed, new Dictionary<string, long> { ["n"] = long.MaxValue },
            TimeSpan.FromMilliseconds(1500), "cause");
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var bytes = JobResultDocument.Write(result, at);
        var read = JobResultDocument.Read("here", bytes);

        Assert.StartsWith("{\"version\":1,", Encoding.UTF8.GetString(bytes));
        Assert.Contains("\"finalStatus\":\"FAILED\"", Encoding.UTF8.GetString(bytes));
        Assert.Equal(at, read.RecordedAt);
        Assert.Equal((result.JobId, result.FinalStatus, result.NetRuntime, result.FailureCause),
            (read.Result.JobId, read.Result.FinalStatus, read.Result.NetRuntime, read.Result.FailureCause));
        Assert.Equal(long.MaxValue, read.Result.Accumulators["n"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"version\":2,\"result\":{}}")]
    [InlineData("{\"version\":1,\"result\":{\"jobId\":\"j\",\"finalStatus\":\"DONE\",\"accumulators\":{},\"netRuntimeMs\":0}}")]
    public void JobResultDocument_ThatIsNotOne_IsReportedAsCorruptWithItsLocation(string json)
    {
        var error = Assert.Throws<CorruptStoredRecordException>(() => JobResultDocument.Read("where/it/is", Encoding.UTF8.GetBytes(json)));

        Assert.Equal("where/it/is", error.Location);
    }
}
