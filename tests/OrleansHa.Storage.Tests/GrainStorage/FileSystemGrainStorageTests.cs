using OrleansHa.Storage.Tests.Infrastructure;

namespace OrleansHa.Storage.Tests.GrainStorage;

public sealed class FileSystemGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public FileSystemGrainStorageTests() => Backend = new FileSystemBackend(_directory.Path);

    protected override IStorageBackend Backend { get; }

    public void Dispose() => _directory.Dispose();
}
