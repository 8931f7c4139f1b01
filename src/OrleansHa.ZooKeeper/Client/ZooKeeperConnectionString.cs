using System.Globalization;

namespace OrleansHa.ZooKeeper.Client;

/// <summary>
/// A ZooKeeper connection string: comma-separated host:port pairs, optionally followed by a chroot path that
/// prefixes every path of the session (e.g. "127.0.0.1:2181,127.0.0.1:2182/chroot").
/// </summary>
public sealed class ZooKeeperConnectionString
{
    public const string Example = "127.0.0.1:2181,127.0.0.1:2182/chroot";

    private ZooKeeperConnectionString(IReadOnlyList<(string Host, int Port)> servers, string? chroot)
    {
        Servers = servers;
        Chroot = chroot;
    }

    public IReadOnlyList<(string Host, int Port)> Servers { get; }

    /// <summary>The chroot path, or null when the connection string has none (or just "/").</summary>
    public string? Chroot { get; }

    /// <exception cref="ArgumentException">The string is malformed; the message says where, and gives an example.</exception>
    public static ZooKeeperConnectionString Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw Malformed(connectionString, "it is empty");
        }

        if (connectionString.Any(char.IsWhiteSpace))
        {
            throw Malformed(connectionString, "it contains whitespace");
        }

        var slash = connectionString.IndexOf('/', StringComparison.Ordinal);
        var hosts = slash < 0 ? connectionString : connectionString[..slash];
        var chroot = slash < 0 ? null : connectionString[slash..];
        if (chroot is not null && ZooKeeperPath.Problem(chroot, sequential: false) is { } chrootProblem)
        {
            throw Malformed(connectionString, $"the chroot '{chroot}' is not a valid znode path: {chrootProblem}");
        }

        var servers = new List<(string, int)>();
        foreach (var server in hosts.Split(','))
        {
            servers.Add(ParseServer(connectionString, server));
        }

        return new ZooKeeperConnectionString(servers, chroot is "/" ? null : chroot);
    }

    private static (string Host, int Port) ParseServer(string connectionString, string server)
    {
        if (server.Length == 0)
        {
            throw Malformed(connectionString, "it has an empty server entry (no host before the chroot, or a stray comma)");
        }

        var colon = server.LastIndexOf(':');
        if (colon < 0)
        {
            throw Malformed(connectionString, $"the server '{server}' has no port");
        }

        var host = server[..colon];
        var port = server[(colon + 1)..];
        if (host.Length == 0)
        {
            throw Malformed(connectionString, $"the server '{server}' has no host");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw Malformed(connectionString, $"the server '{server}' has port '{port}', which is not a number from 1 to 65535");
        }

        return (host, number);
    }

    private static ArgumentException Malformed(string? connectionString, string problem) => new(
        $"The ZooKeeper connection string '{connectionString}' is malformed: {problem}. Give comma-separated host:port " +
        $"pairs, optionally followed by a chroot path, e.g. \"{Example}\".",
        nameof(connectionString));
}
