using System.Globalization;

namespace OrleansHa.ZooKeeper.Configuration;

/// <summary>
/// The syntax ZooKeeper accepts for connection strings, absolute paths and node names, checked up front so that a
/// mistake fails at startup with a message that says what is wrong, instead of deep inside the client library.
/// </summary>
internal static class ZooKeeperPathSyntax
{
    /// <summary>Null when <paramref name="connectionString"/> is well formed, otherwise what is wrong with it.</summary>
    public static string? CheckConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "it is empty";
        }

        var chrootStart = connectionString.IndexOf('/', StringComparison.Ordinal);
        var hosts = chrootStart < 0 ? connectionString : connectionString[..chrootStart];
        if (chrootStart >= 0 && CheckAbsolutePath(connectionString[chrootStart..]) is { } chrootProblem)
        {
            return $"its chroot path {chrootProblem}";
        }

        foreach (var server in hosts.Split(','))
        {
            if (CheckServer(server.Trim()) is { } serverProblem)
            {
                return serverProblem;
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="path"/> is an absolute znode path, otherwise what is wrong with it.</summary>
    public static string? CheckAbsolutePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return "must start with '/'";
        }

        if (path == "/")
        {
            return null;
        }

        if (path[^1] == '/')
        {
            return "must not end with '/'";
        }

        foreach (var name in path[1..].Split('/'))
        {
            if (CheckNodeName(name) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="name"/> can be one znode's name, otherwise what is wrong with it.</summary>
    public static string? CheckNodeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "must not contain an empty node name (two '/' in a row)";
        }

        if (name is "." or "..")
        {
            return $"must not contain the relative node name '{name}'";
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            return $"must not contain '/' in the node name '{name}'";
        }

        if (name.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c >= '\ufff0'))
        {
            return $"must not contain control or reserved characters in the node name '{name}'";
        }

        return null;
    }

    private static string? CheckServer(string server)
    {
        if (server.Length == 0)
        {
            return "it has an empty server between commas";
        }

        // "[::1]:2181" for IPv6 literals, "host:2181" otherwise; the C client requires the port.
        var portSeparator = server.LastIndexOf(':');
        if (portSeparator <= 0 || portSeparator == server.Length - 1)
        {
            return $"the server '{server}' has no port: write it as host:port, e.g. '{server.TrimEnd(':')}:2181'";
        }

        var host = server[..portSeparator];
        if (host.Contains(':', StringComparison.Ordinal) && !(host.StartsWith('[') && host.EndsWith(']')))
        {
            return $"the server '{server}' is an IPv6 address without brackets: write it as '[address]:port'";
        }

        if (host.Any(char.IsWhiteSpace) || host is "[]")
        {
            return $"the server '{server}' has an invalid host name";
        }

        var port = server[(portSeparator + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            return $"the server '{server}' has the port '{port}', which is not a number from 1 to 65535";
        }

        return null;
    }
}
