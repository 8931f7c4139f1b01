using System.Globalization;

namespace OrleansHa.Testing.Chaos;

/// <summary>
/// How long a chaos run injects faults and how often. The short variant runs in CI; the long one is the same
/// test with <c>ORLEANSHA_CHAOS_DURATION=00:30:00</c> (and optionally <c>ORLEANSHA_CHAOS_SEED</c> to replay).
/// </summary>
public sealed record ChaosSettings
{
    /// <summary>How long jobs are submitted and faults injected; the settling afterwards is not counted.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>The pause between the end of one fault and the start of the next, drawn between these bounds.</summary>
    public TimeSpan MinFaultGap { get; init; } = TimeSpan.FromSeconds(4);

    public TimeSpan MaxFaultGap { get; init; } = TimeSpan.FromSeconds(9);

    /// <summary>The most faults a run injects, whatever its duration.</summary>
    public int MaxFaults { get; init; } = 400;

    /// <summary>The most submitted jobs without a result at once: the submitter waits beyond it, as a client with a bounded queue does.</summary>
    public int MaxJobsInFlight { get; init; } = 150;

    /// <summary>How long every job may take to end, and the dirty entries to drain, once the faults stop.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromMinutes(4);

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>The defaults, overridden by <c>ORLEANSHA_CHAOS_DURATION</c> and <c>ORLEANSHA_CHAOS_SEED</c>.</summary>
    public static ChaosSettings FromEnvironment()
    {
        var settings = new ChaosSettings();
        if (Environment.GetEnvironmentVariable("ORLEANSHA_CHAOS_DURATION") is { Length: > 0 } duration)
        {
            settings = settings with
            {
                Duration = TimeSpan.Parse(duration, CultureInfo.InvariantCulture),
                SettleTimeout = TimeSpan.FromMinutes(10),
            };
        }

        if (Environment.GetEnvironmentVariable("ORLEANSHA_CHAOS_SEED") is { Length: > 0 } seed)
        {
            settings = settings with { Seed = int.Parse(seed, CultureInfo.InvariantCulture) };
        }

        return settings;
    }
}
