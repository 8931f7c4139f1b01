namespace OrleansHa.Testing;

/// <summary>A server a test needs is not installed. Tests fail with it; they never skip silently.</summary>
public sealed class MissingServerBinaryException(string server, string lookedFor, string installCommand)
    : Exception(
        $"{server} is not installed: {lookedFor} was not found. Run ./scripts/test.sh, which installs it, or " +
        $"install it yourself with: {installCommand}")
{
    public string Server { get; } = server;
}
