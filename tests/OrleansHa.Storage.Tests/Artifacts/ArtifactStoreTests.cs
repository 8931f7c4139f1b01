using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Artifacts;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobArtifactStoreTests(AzuriteFixture azurite) : ArtifactStoreContractTests
{
    protected override IStorageBackend Backend { get; } = new AzuriteBackend(azurite.Server);
}

public sealed class FileSystemArtifactStoreTests : ArtifactStoreContractTests, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public FileSystemArtifactStoreTests() => Backend = new FileSystemBackend(_directory.Path);

    protected override IStorageBackend Backend { get; }

    public void Dispose() => _directory.Dispose();
}
