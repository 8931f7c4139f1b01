using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Checkpoints;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobCheckpointPayloadStoreTests(AzuriteFixture azurite) : CheckpointPayloadStoreContractTests
{
    protected override IStorageBackend Backend { get; } = new AzuriteBackend(azurite.Server);
}

public sealed class FileSystemCheckpointPayloadStoreTests : CheckpointPayloadStoreContractTests, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public FileSystemCheckpointPayloadStoreTests() => Backend = new FileSystemBackend(_directory.Path);

    protected override IStorageBackend Backend { get; }

    public void Dispose() => _directory.Dispose();
}
