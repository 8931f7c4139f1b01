using Orleans.Configuration;

namespace OrleansHa.Runtime.Hosting;

/// <summary>
/// How long a silo's gateway keeps the state of a client whose connection to it closed. While it keeps it,
/// Orleans' gateway hands that state every response its silo produces for the client, even when the client
/// has moved to another gateway, so the client does not see them. A client leaves a gateway when its gateway
/// list briefly misses the silo (a silo restarted on the same endpoint, as systemd or a StatefulSet does):
/// with Orleans' default of one minute, checked each minute, a client was cut off from a new leader on
/// such a silo for two minutes after a failover (docs/benchmarks.md). One second bounds that to two; a client
/// that comes back to the same gateway within it still gets the responses queued for it, and one that takes
/// longer loses only the responses of calls that were in flight, as it does in a move.
/// A host overrides it with <c>Configure&lt;SiloMessagingOptions&gt;</c> after <c>AddOrleansHa</c>.
/// </summary>
public static class GatewayClientDrop
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>Applies the timeout above to <paramref name="options"/>.</summary>
    public static void ApplyDefaults(SiloMessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ClientDropTimeout = Timeout;
    }
}
