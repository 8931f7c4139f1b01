using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Leadership;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobLeaderInfoStoreTests(AzuriteFixture azurite) : StorageLeaderInfoContractTests
{
    protected override IStorageBackend Backend { get; } = new AzuriteBackend(azurite.Server);
}
