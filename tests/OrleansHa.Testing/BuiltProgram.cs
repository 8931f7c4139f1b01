namespace OrleansHa.Testing;

/// <summary>Finds a program of this repository built in the same configuration as the calling tests.</summary>
public static class BuiltProgram
{
    /// <summary>
    /// The test assembly runs from bin/&lt;configuration&gt;/net10.0, so the program is in
    /// &lt;project&gt;/bin/&lt;configuration&gt;/net10.0 of the repository.
    /// </summary>
    public static string PathOf(string projectFolder, string assemblyFile)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!;
        return Path.Combine(RepositoryPaths.Root, projectFolder, "bin", configuration, "net10.0", assemblyFile);
    }
}
