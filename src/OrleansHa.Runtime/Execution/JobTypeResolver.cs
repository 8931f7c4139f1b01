using System.Reflection;
using System.Runtime.Loader;
using OrleansHa.Authoring;
using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Execution;

/// <summary>Finds a job's entry type by name and checks that it can run as a subtask.</summary>
internal static class JobTypeResolver
{
    /// <summary>Resolves a type deployed on the silo (referenced by the host, not uploaded).</summary>
    /// <exception cref="UnknownJobTypeException">No such type.</exception>
    /// <exception cref="InvalidJobTypeException">The type is not a runnable <see cref="IJobTask"/>.</exception>
    public static Type ResolveDeployed(string entryType)
    {
        var type = Type.GetType(entryType, throwOnError: false)
                   ?? FindIn(AssemblyLoadContext.Default.Assemblies, entryType)
                   ?? FindIn(LoadByNamespacePrefixes(entryType), entryType)
                   ?? throw new UnknownJobTypeException(entryType, "the assemblies deployed on the silo");
        return Check(type, entryType);
    }

    /// <summary>Resolves a type from a job's uploaded assemblies.</summary>
    public static Type ResolveInArtifact(IReadOnlyList<Assembly> assemblies, string entryType)
    {
        var type = FindIn(assemblies, entryType)
                   ?? throw new UnknownJobTypeException(entryType, "the job's artifact");
        return Check(type, entryType);
    }

    private static Type Check(Type type, string entryType)
    {
        if (!typeof(IJobTask).IsAssignableFrom(type))
        {
            throw new InvalidJobTypeException(entryType,
                $"it does not implement {typeof(IJobTask).FullName}. Implement that interface.");
        }

        if (type.IsAbstract || type.IsGenericTypeDefinition)
        {
            throw new InvalidJobTypeException(entryType, "it is abstract or an open generic type. Name a concrete class.");
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidJobTypeException(entryType, "it has no public parameterless constructor. Add one.");
        }

        return type;
    }

    private static Type? FindIn(IEnumerable<Assembly> assemblies, string entryType)
    {
        var (typeName, assemblyName) = Split(entryType);
        foreach (var assembly in assemblies)
        {
            if (assemblyName is not null &&
                !string.Equals(assembly.GetName().Name, assemblyName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (assembly.GetType(typeName, throwOnError: false) is { } type)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>
    /// A deployed assembly is only searched once loaded; the usual convention (the assembly is named like a
    /// prefix of the namespace) finds it without an assembly-qualified name.
    /// </summary>
    private static IEnumerable<Assembly> LoadByNamespacePrefixes(string entryType)
    {
        var (typeName, _) = Split(entryType);
        var parts = typeName.Split('.');
        for (var length = parts.Length - 1; length >= 1; length--)
        {
            Assembly? assembly;
            try
            {
                assembly = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(string.Join('.', parts[..length])));
            }
            catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                assembly = null;
            }

            if (assembly is not null)
            {
                yield return assembly;
            }
        }
    }

    private static (string TypeName, string? AssemblyName) Split(string entryType)
    {
        var comma = entryType.IndexOf(',', StringComparison.Ordinal);
        return comma < 0
            ? (entryType.Trim(), null)
            : (entryType[..comma].Trim(), entryType[(comma + 1)..].Split(',')[0].Trim());
    }
}
