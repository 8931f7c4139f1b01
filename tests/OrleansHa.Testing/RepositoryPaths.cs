namespace OrleansHa.Testing;

/// <summary>Locates the repository a test runs from, and the tools the test command installs into it.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds OrleansHa.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The git-ignored folder the test command installs Azurite into.</summary>
    public static string ToolsDirectory => Path.Combine(Root, ".tools");

    /// <summary>A new empty folder for one server's data and logs, removed by the caller.</summary>
    public static string NewTemporaryDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "orleansha-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansHa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No OrleansHa.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
