using System.ComponentModel;
using System.Text.Json.Serialization;

namespace OrleansHa.Jobs;

/// <summary>The kinds of restart strategy, with Flink's names (restart-strategy.type).</summary>
/// <remarks>The numeric values are a storage contract: never renumber them.</remarks>
[GenerateSerializer]
[Alias("orleansha.RestartStrategyKind")]
public enum RestartStrategyKind
{
    /// <summary>The first failure ends the job FAILED.</summary>
    None = 0,

    /// <summary>Up to <see cref="RestartStrategy.Attempts"/> restarts, each after the same delay.</summary>
    FixedDelay = 1,

    /// <summary>Up to <see cref="RestartStrategy.Attempts"/> restarts, the delay doubling up to a maximum.</summary>
    ExponentialDelay = 2,
}

/// <summary>How a job restarts from its latest completed checkpoint after a subtask or a silo failed.</summary>
[GenerateSerializer]
[Alias("orleansha.RestartStrategy")]
[Immutable]
[TypeConverter(typeof(RestartStrategyTypeConverter))]
public sealed record RestartStrategy
{
    // Private so that instances come from the factories; [JsonConstructor] lets JSON grain storage read them.
    [JsonConstructor]
    private RestartStrategy(RestartStrategyKind kind, int attempts, TimeSpan delay, TimeSpan maxDelay)
    {
        Kind = kind;
        Attempts = attempts;
        Delay = delay;
        MaxDelay = maxDelay;
    }

    [Id(0)]
    public RestartStrategyKind Kind { get; init; }

    /// <summary>How many restarts are allowed in the job's life.</summary>
    [Id(1)]
    public int Attempts { get; init; }

    /// <summary>The delay before a restart (fixed-delay) or before the first one (exponential-delay).</summary>
    [Id(2)]
    public TimeSpan Delay { get; init; }

    /// <summary>The longest delay of exponential-delay.</summary>
    [Id(3)]
    public TimeSpan MaxDelay { get; init; }

    /// <summary>No restart: the first failure ends the job FAILED.</summary>
    public static RestartStrategy None { get; } = new(RestartStrategyKind.None, 0, TimeSpan.Zero, TimeSpan.Zero);

    public static RestartStrategy FixedDelay(int attempts, TimeSpan delay) =>
        new(RestartStrategyKind.FixedDelay, attempts, delay, delay);

    public static RestartStrategy ExponentialDelay(TimeSpan initialBackoff, TimeSpan maxBackoff, int attempts) =>
        new(RestartStrategyKind.ExponentialDelay, attempts, initialBackoff, maxBackoff);

    /// <summary>
    /// The delay before restart number <paramref name="restartsSoFar"/> + 1, or null when the strategy
    /// allows no more restarts.
    /// </summary>
    public TimeSpan? NextDelay(int restartsSoFar)
    {
        if (Kind == RestartStrategyKind.None || restartsSoFar >= Attempts)
        {
            return null;
        }

        if (Kind == RestartStrategyKind.FixedDelay)
        {
            return Delay;
        }

        // Doubling: cap the exponent so that the multiplication cannot overflow before the cap applies.
        var factor = Math.Pow(2, Math.Min(restartsSoFar, 30));
        var ticks = Math.Min(Delay.Ticks * factor, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Why the strategy is unusable, or null when it is valid.</summary>
    public string? Validate()
    {
        if (Kind == RestartStrategyKind.None)
        {
            return null;
        }

        if (Attempts < 0)
        {
            return $"the restart strategy allows {Attempts} attempts; use 0 or more.";
        }

        if (Delay < TimeSpan.Zero)
        {
            return $"the restart delay is {Delay}; use zero or a positive delay.";
        }

        if (Kind == RestartStrategyKind.ExponentialDelay && MaxDelay < Delay)
        {
            return $"the maximum backoff {MaxDelay} is below the initial backoff {Delay}; raise the maximum.";
        }

        return null;
    }

    public override string ToString() => Kind switch
    {
        RestartStrategyKind.FixedDelay => $"fixed-delay (attempts {Attempts}, delay {Delay})",
        RestartStrategyKind.ExponentialDelay =>
            $"exponential-delay (attempts {Attempts}, initial {Delay}, max {MaxDelay})",
        _ => "none",
    };
}
