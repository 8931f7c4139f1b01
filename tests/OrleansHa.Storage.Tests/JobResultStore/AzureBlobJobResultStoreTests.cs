using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.JobResultStore;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobJobResultStoreTests(AzuriteFixture azurite) : JobResultStoreContractTests
{
    protected override IStorageBackend Backend { get; } = new AzuriteBackend(azurite.Server);
}
