using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.History;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobJobHistoryStoreTests(AzuriteFixture azurite) : JobHistoryStoreContractTests
{
    protected override IStorageBackend Backend { get; } = new AzuriteBackend(azurite.Server);
}

public sealed class FileSystemJobHistoryStoreTests : JobHistoryStoreContractTests, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public FileSystemJobHistoryStoreTests() => Backend = new FileSystemBackend(_directory.Path);

    protected override IStorageBackend Backend { get; }

    public void Dispose() => _directory.Dispose();
}
