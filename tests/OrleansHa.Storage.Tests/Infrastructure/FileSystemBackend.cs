using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using OrleansHa.Storage.FileSystem;

namespace OrleansHa.Storage.Tests.Infrastructure;

/// <summary>The file-system stores under one root directory.</summary>
public sealed class FileSystemBackend(string root) : IStorageBackend
{
    public string Root { get; } = root;

    public string MeterName => FileSystemStorageInstruments.MeterName;

    public string Describe(string name) => Path.Combine(Root, name);

    public async Task WriteRawAsync(string name, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Describe(name))!);
        await File.WriteAllBytesAsync(Describe(name), content);
    }

    public async Task<byte[]?> ReadRawAsync(string name) =>
        File.Exists(Describe(name)) ? await File.ReadAllBytesAsync(Describe(name)) : null;

    public async Task TamperAsync(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Describe(name));
        bytes[0] ^= 0xFF;
        await File.WriteAllBytesAsync(Describe(name), bytes);
    }

    public Task<IReadOnlyList<string>> ListRawAsync(string prefix)
    {
        var directory = Describe(prefix);
        IReadOnlyList<string> names = Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))]
            : [];
        return Task.FromResult(names);
    }

    public IGrainStorage CreateGrainStorage(string clusterId, bool deleteStateOnClear = true) =>
        new FileSystemGrainStorage(
            "test",
            new FileSystemGrainStorageOptions
            {
                RootDirectory = Root,
                DeleteStateOnClear = deleteStateOnClear,
                GrainStorageSerializer = TestSerializers.Json,
            },
            clusterId, NewInstanceActivatorProvider.Instance, NullLogger<FileSystemGrainStorage>.Instance);

    public IJobResultStore CreateJobResultStore(string clusterId, bool deleteOnCommit = true) =>
        new FileSystemJobResultStore(
            new FileSystemJobResultStoreOptions { RootDirectory = Root, DeleteOnCommit = deleteOnCommit }, clusterId,
            NullLogger<FileSystemJobResultStore>.Instance);

    public IArtifactStore CreateArtifactStore(string clusterId, long maxArtifactBytes) =>
        new FileSystemArtifactStore(
            new FileSystemArtifactStoreOptions { RootDirectory = Root, MaxArtifactBytes = maxArtifactBytes }, clusterId,
            NullLogger<FileSystemArtifactStore>.Instance);

    public ICheckpointPayloadStore CreateCheckpointPayloadStore(string clusterId) =>
        new FileSystemCheckpointPayloadStore(
            new FileSystemCheckpointPayloadStoreOptions { RootDirectory = Root }, clusterId,
            NullLogger<FileSystemCheckpointPayloadStore>.Instance);

    public IJobHistoryStore CreateJobHistoryStore(string clusterId, TimeProvider time) =>
        new FileSystemJobHistoryStore(
            new FileSystemJobHistoryStoreOptions { RootDirectory = Root }, clusterId, time,
            NullLogger<FileSystemJobHistoryStore>.Instance);
}
