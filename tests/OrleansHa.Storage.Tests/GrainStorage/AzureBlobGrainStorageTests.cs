using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.GrainStorage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobGrainStorageTests(AzuriteFixture azurite) : GrainStorageContractTests
{
    protected override IStorageBackend Backend { get; } = new AzuriteBackend(azurite.Server);
}
