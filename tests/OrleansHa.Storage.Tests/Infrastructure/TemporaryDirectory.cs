using OrleansHa.Testing;

namespace OrleansHa.Storage.Tests.Infrastructure;

/// <summary>A fresh directory for one test's files, removed afterwards.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = RepositoryPaths.NewTemporaryDirectory("fs-store");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean: a child process may still be closing a file.
        }
    }
}
