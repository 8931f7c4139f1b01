using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>
/// Tests that observe process-wide state (the library's log sink and level, the registries the native callbacks
/// look up) run alone, after every parallel test has ended.
/// </summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState;
