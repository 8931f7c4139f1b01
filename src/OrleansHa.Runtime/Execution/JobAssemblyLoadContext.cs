using System.Reflection;
using System.Runtime.Loader;
using OrleansHa.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Execution;

/// <summary>
/// A collectible load context for one job's uploaded assemblies on one silo, shared by its subtasks there
/// and unloaded when the last of them ends.
/// </summary>
/// <remarks>
/// The contracts user code shares with the runtime (OrleansHa.Abstractions) and the platform always come
/// from the silo, so <c>IJobTask</c> is the same type on both sides; everything else is taken from the
/// artifact first, as Flink's child-first class loading does.
/// </remarks>
internal sealed class JobAssemblyLoadContext : AssemblyLoadContext
{
    private static readonly string[] ParentFirstPrefixes = ["OrleansHa.Abstractions", "System", "Microsoft", "Orleans", "netstandard", "mscorlib"];

    private readonly JobId _jobId;
    private readonly Dictionary<string, byte[]> _images = new(StringComparer.OrdinalIgnoreCase);

    public JobAssemblyLoadContext(JobId jobId, IReadOnlyList<ArtifactFile> files)
        : base($"orleansha-job-{jobId}", isCollectible: true)
    {
        _jobId = jobId;
        foreach (var file in files.Where(f => f.FileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            _images[Path.GetFileNameWithoutExtension(file.FileName)] = file.Content.ToArray();
        }
    }

    /// <summary>Loads the artifact's assemblies into this context; the caller unloads it when this throws.</summary>
    /// <remarks>
    /// The assemblies are returned, never kept here: once <see cref="AssemblyLoadContext.Unload"/> starts, the
    /// runtime holds the context through a strong handle until its assemblies are collected, so a field of
    /// the context that references one of its own assemblies (or types) keeps both alive for good.
    /// </remarks>
    /// <exception cref="ArtifactLoadException">No .dll file, or a file that is not a loadable assembly.</exception>
    public IReadOnlyList<Assembly> LoadArtifactAssemblies()
    {
        if (_images.Count == 0)
        {
            throw new ArtifactLoadException(_jobId, "it holds no .dll file.");
        }

        try
        {
            return [.. _images.Keys.Select(name => LoadFromAssemblyName(new AssemblyName(name)))];
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException)
        {
            throw new ArtifactLoadException(_jobId, $"a file is not a loadable .NET assembly ({exception.Message}).", exception);
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? string.Empty;
        if (ParentFirstPrefixes.Any(p => name.Equals(p, StringComparison.OrdinalIgnoreCase) ||
                                         name.StartsWith(p + ".", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return _images.TryGetValue(name, out var image) ? LoadFromStream(new MemoryStream(image)) : null;
    }
}
