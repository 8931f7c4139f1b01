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

    private readonly Dictionary<string, byte[]> _images = new(StringComparer.OrdinalIgnoreCase);

    public JobAssemblyLoadContext(JobId jobId, IReadOnlyList<ArtifactFile> files)
        : base($"orleansha-job-{jobId}", isCollectible: true)
    {
        foreach (var file in files.Where(f => f.FileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            _images[Path.GetFileNameWithoutExtension(file.FileName)] = file.Content.ToArray();
        }

        if (_images.Count == 0)
        {
            throw new ArtifactLoadException(jobId, "it holds no .dll file.");
        }

        try
        {
            LoadedAssemblies = _images.Keys.Select(name => LoadFromAssemblyName(new AssemblyName(name))).ToList();
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException)
        {
            Unload();
            throw new ArtifactLoadException(jobId, $"a file is not a loadable .NET assembly ({exception.Message}).", exception);
        }
    }

    /// <summary>The artifact's assemblies, loaded into this context.</summary>
    public IReadOnlyList<Assembly> LoadedAssemblies { get; } = [];

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
