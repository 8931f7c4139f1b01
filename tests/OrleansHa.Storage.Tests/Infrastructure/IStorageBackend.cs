using Orleans.Storage;

namespace OrleansHa.Storage.Tests.Infrastructure;

/// <summary>
/// One storage backend as the contract tests see it: its stores, and direct access to the stored bytes
/// (names relative to the container or root directory) to corrupt, tamper with and inspect them.
/// </summary>
public interface IStorageBackend
{
    /// <summary>The meter the backend's operation counters are published on.</summary>
    string MeterName { get; }

    /// <summary>How errors name the stored item <paramref name="name"/>: container/blob, or the file path.</summary>
    string Describe(string name);

    Task WriteRawAsync(string name, byte[] content);

    Task<byte[]?> ReadRawAsync(string name);

    /// <summary>Changes one byte of the stored item, leaving what the store recorded about it (metadata, manifest).</summary>
    Task TamperAsync(string name);

    /// <summary>The names of every stored item under <paramref name="prefix"/>.</summary>
    Task<IReadOnlyList<string>> ListRawAsync(string prefix);

    IGrainStorage CreateGrainStorage(string clusterId, bool deleteStateOnClear = true);

    IJobResultStore CreateJobResultStore(string clusterId, bool deleteOnCommit = true);

    IArtifactStore CreateArtifactStore(string clusterId, long maxArtifactBytes);

    ICheckpointPayloadStore CreateCheckpointPayloadStore(string clusterId);

    IJobHistoryStore CreateJobHistoryStore(string clusterId, TimeProvider time);
}
