using Orleans.Configuration;

namespace OrleansHa.Runtime.Hosting;

/// <summary>
/// How the silos share out the reminder table. Orleans' default gives each silo 30 virtual buckets of the
/// ring, and each silo's reminder service reads every one of its buckets from the table, one query each,
/// whenever a silo joins or leaves: 60-108 table queries in the 1.5 s after a leader's silo stopped cleanly
/// (2026-12-02, `bench handover`; 4 with one range), against about 40 blob requests of everything else the
/// cluster did then, all on the same storage account while the new leader wins its epoch. OrleansHa keeps one
/// reminder per cluster (the cleanup grain's), so an even spread of reminders buys nothing: one range per
/// silo, one or two queries each.
/// A host that keeps many reminders of its own overrides it with <c>Configure&lt;ConsistentRingOptions&gt;</c>
/// after <c>AddOrleansHa</c>.
/// </summary>
public static class ReminderRing
{
    public const bool UseVirtualBuckets = false;

    /// <summary>Applies the choice above to <paramref name="options"/>.</summary>
    public static void ApplyDefaults(ConsistentRingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseVirtualBucketsConsistentRing = UseVirtualBuckets;
    }
}
