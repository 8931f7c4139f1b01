using OrleansHa.Storage.Tests.Infrastructure;

namespace OrleansHa.Storage.Tests.Leadership;

public sealed class FileSystemLeaderInfoStoreTests : StorageLeaderInfoContractTests
{
    private readonly TemporaryDirectory _directory = new();

    public FileSystemLeaderInfoStoreTests() => Backend = new FileSystemBackend(_directory.Path);

    protected override IStorageBackend Backend { get; }

    public override ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
