using System.Net;
using System.Net.Sockets;

namespace OrleansHa.Testing;

/// <summary>Finds TCP ports on 127.0.0.1 that nothing listens on, for servers a test starts.</summary>
public static class FreePorts
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// Returns <paramref name="count"/> distinct free ports. The OS picks them; a port handed out once in this
    /// process is never handed out again, so fixtures started side by side do not collide.
    /// </summary>
    public static int[] Take(int count)
    {
        var ports = new int[count];
        lock (Gate)
        {
            for (var i = 0; i < count; i++)
            {
                int port;
                do
                {
                    using var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    listener.Stop();
                }
                while (!Handed.Add(port));

                ports[i] = port;
            }
        }

        return ports;
    }

    public static int TakeOne() => Take(1)[0];
}
