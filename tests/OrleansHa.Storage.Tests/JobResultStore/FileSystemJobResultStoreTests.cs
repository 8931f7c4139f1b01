using OrleansHa.Storage.Tests.Infrastructure;

namespace OrleansHa.Storage.Tests.JobResultStore;

public sealed class FileSystemJobResultStoreTests : JobResultStoreContractTests, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public FileSystemJobResultStoreTests() => Backend = new FileSystemBackend(_directory.Path);

    protected override IStorageBackend Backend { get; }

    public void Dispose() => _directory.Dispose();
}
