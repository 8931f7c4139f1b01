namespace OrleansHa.ZooKeeper.Client;

/// <summary>ZooKeeper's rules for znode paths, as the C client checks them (isValidPath in zookeeper.c).</summary>
internal static class ZooKeeperPath
{
    /// <exception cref="ArgumentException">The path breaks a rule; the message names the path and the rule.</exception>
    public static void Validate(string path, bool sequential = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Problem(path, sequential) is { } problem)
        {
            throw new ArgumentException($"The znode path '{path}' is invalid: {problem}.", nameof(path));
        }
    }

    /// <summary>What is wrong with the path, or null when it is valid.</summary>
    /// <param name="sequential">
    /// A sequential create may end with '/' or '.': the server appends the sequence number.
    /// </param>
    public static string? Problem(string path, bool sequential)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return "it must start with '/'";
        }

        if (path.Length == 1)
        {
            return null;
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "it contains a NUL character";
        }

        if (path[^1] == '/' && !sequential)
        {
            return "it must not end with '/'";
        }

        var segments = path[1..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            if (segments[i].Length == 0 && !(last && sequential))
            {
                return "it has an empty segment ('//')";
            }

            if (segments[i] is "." or ".." && !(last && sequential))
            {
                return "it has a '.' or '..' segment; paths are absolute and never relative";
            }
        }

        return null;
    }
}
