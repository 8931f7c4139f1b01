using OrleansHa.Storage.Layout;

namespace OrleansHa.Storage.Tests.Infrastructure;

/// <summary>
/// The base of every contract test class: the backend under test and a cluster id of its own, so tests that
/// share a container or directory never see each other's data.
/// </summary>
public abstract class StoreContractTests
{
    protected StoreContractTests()
    {
        ClusterId = $"test-{Guid.NewGuid():N}";
        Layout = new HaStorageLayout(ClusterId);
    }

    protected abstract IStorageBackend Backend { get; }

    protected string ClusterId { get; }

    protected HaStorageLayout Layout { get; }

    protected static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;
}
