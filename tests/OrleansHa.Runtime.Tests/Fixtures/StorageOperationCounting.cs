using Xunit;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// Tests that count a job's storage operations run alone, after every parallel test has ended: the storage
/// meter is process-wide, and the clusters other test classes start beside them send requests of their own
/// into the same counts. The collection has a <see cref="SharedClusterFixture"/> cluster of its own.
/// </summary>
[CollectionDefinition(nameof(StorageOperationCounting), DisableParallelization = true)]
public sealed class StorageOperationCounting : ICollectionFixture<SharedClusterFixture>;
