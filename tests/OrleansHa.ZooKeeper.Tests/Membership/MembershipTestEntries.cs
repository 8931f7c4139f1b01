using System.Net;

namespace OrleansHa.ZooKeeper.Tests.Membership;

/// <summary>Membership entries for table tests: every call gives a silo address no other test uses.</summary>
internal static class MembershipTestEntries
{
    private static int _generation = 1_000;

    public static SiloAddress NewSiloAddress() =>
        SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), Interlocked.Increment(ref _generation));

    /// <summary>A Joining silo that started and last beat at <paramref name="time"/> (now by default), with a gateway.</summary>
    public static MembershipEntry NewEntry(SiloStatus status = SiloStatus.Joining, DateTime? time = null)
    {
        var silo = NewSiloAddress();
        var when = time ?? DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = silo,
            Status = status,
            HostName = "test-host",
            SiloName = $"silo-{silo.Generation}",
            RoleName = "test-role",
            ProxyPort = 30_000 + (silo.Generation % 10_000),
            UpdateZone = 1,
            FaultZone = 2,
            StartTime = when,
            IAmAliveTime = when,
        };
    }

    public static MembershipEntry With(this MembershipEntry entry, Action<MembershipEntry> change)
    {
        var copy = new MembershipEntry
        {
            SiloAddress = entry.SiloAddress,
            Status = entry.Status,
            SuspectTimes = entry.SuspectTimes is null ? null : [.. entry.SuspectTimes],
            ProxyPort = entry.ProxyPort,
            HostName = entry.HostName,
            SiloName = entry.SiloName,
            RoleName = entry.RoleName,
            UpdateZone = entry.UpdateZone,
            FaultZone = entry.FaultZone,
            StartTime = entry.StartTime,
            IAmAliveTime = entry.IAmAliveTime,
        };
        change(copy);
        return copy;
    }

    /// <summary>The row of <paramref name="silo"/> in <paramref name="table"/>; fails when it is missing.</summary>
    public static (MembershipEntry Entry, string Etag) Row(this MembershipTableData table, SiloAddress silo)
    {
        var row = table.TryGet(silo) ?? throw new Xunit.Sdk.XunitException($"No row for {silo} in {table}.");
        return (row.Item1, row.Item2);
    }
}
