using System.Security.Cryptography;
using System.Text;
using OrleansHa.Jobs;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Artifacts;

/// <summary>What every artifact store guarantees: the job's assemblies come back as uploaded, or not at all.</summary>
public abstract class ArtifactStoreContractTests : StoreContractTests
{
    private const long Limit = 1024;

    private static readonly JobId Job = new("job-with-code");

    [Fact]
    public async Task PutThenGet_ReturnsTheSameFilesAndRecordsTheirChecksums()
    {
        var files = Files(("MyJobs.dll", 300), ("MyJobs.Helpers.dll", 200), ("Задание.dll", 10));

        var descriptors = await Store().PutAsync(Job, files, Cancellation);
        var read = await Store().GetAsync(Job, Cancellation);

        Assert.Equal(files.Select(f => f.FileName).Order(), read.Select(f => f.FileName).Order());
        foreach (var file in files)
        {
            Assert.Equal(file.Content.ToArray(), read.Single(f => f.FileName == file.FileName).Content.ToArray());
            var descriptor = descriptors.Single(d => d.FileName == file.FileName);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.Content.Span)), descriptor.Sha256);
            Assert.Equal(file.Content.Length, descriptor.Length);
        }
    }

    [Fact]
    public async Task Put_OverTheSizeLimit_FailsAndStoresNothing()
    {
        var files = Files(("a.dll", 600), ("b.dll", 600));

        var error = await Assert.ThrowsAsync<ArtifactTooLargeException>(() => Store().PutAsync(Job, files, Cancellation));

        Assert.Equal(1200, error.Size);
        Assert.Equal(Limit, error.Limit);
        Assert.Contains("MaxArtifactBytes", error.Message);
        Assert.Empty(await Backend.ListRawAsync(Layout.ArtifactsPrefix(Job)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lib/a.dll")]
    [InlineData("..\\a.dll")]
    [InlineData(".manifest.json")]
    public async Task Put_WithAFileNameThatIsNotPlain_IsRejected(string fileName)
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Store().PutAsync(Job, [new ArtifactFile(fileName, new byte[] { 1 })], Cancellation));
    }

    [Fact]
    public async Task Put_WithTheSameNameTwice_IsRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Store().PutAsync(Job, Files(("a.dll", 1), ("A.dll", 1)), Cancellation));
    }

    [Fact]
    public async Task Get_OfAFileChangedInStorage_FailsWithTheChecksumMismatch()
    {
        await Store().PutAsync(Job, Files(("MyJobs.dll", 100)), Cancellation);
        await Backend.TamperAsync(Layout.Artifact(Job, "MyJobs.dll"));

        var error = await Assert.ThrowsAsync<ArtifactChecksumMismatchException>(() => Store().GetAsync(Job, Cancellation));

        Assert.Equal("MyJobs.dll", error.FileName);
        Assert.Equal(Job, error.JobId);
    }

    [Fact]
    public async Task Get_OfAJobWithoutArtifact_FailsWithNotFound()
    {
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store().GetAsync(Job, Cancellation));
    }

    [Fact]
    public async Task DeleteAll_LeavesNothingUnderTheJobsPrefixAndSparesOtherJobs()
    {
        var other = new JobId("other-job");
        await Store().PutAsync(Job, Files(("a.dll", 10), ("b.dll", 10)), Cancellation);
        await Store().PutAsync(other, Files(("a.dll", 10)), Cancellation);

        await Store().DeleteAllAsync(Job, Cancellation);
        await Store().DeleteAllAsync(Job, Cancellation);

        Assert.Empty(await Backend.ListRawAsync(Layout.ArtifactsPrefix(Job)));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store().GetAsync(Job, Cancellation));
        Assert.Single(await Store().GetAsync(other, Cancellation));
    }

    protected IArtifactStore Store() => Backend.CreateArtifactStore(ClusterId, Limit);

    private static List<ArtifactFile> Files(params (string Name, int Size)[] files) =>
        [.. files.Select(f => new ArtifactFile(f.Name, Encoding.UTF8.GetBytes(new string('x', f.Size - 1) + f.Name[0])))];
}
