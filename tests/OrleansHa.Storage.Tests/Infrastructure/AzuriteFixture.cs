using OrleansHa.Testing.Azurite;
using Xunit;

namespace OrleansHa.Storage.Tests.Infrastructure;

/// <summary>One Azurite for every test class in <see cref="AzuriteCollection"/>; each test uses its own cluster id.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite has not started.");

    public async ValueTask InitializeAsync() =>
        _server = await AzuriteServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// The tests that talk to Azure Blob. They share one Azurite and run one class at a time, and not beside any
/// other collection: the blob operation counters are process-wide, and the silo, reminder and leader-info
/// tests also send requests, which the tests that count them must not see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
