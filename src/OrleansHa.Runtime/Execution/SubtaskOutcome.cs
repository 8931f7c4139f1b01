namespace OrleansHa.Runtime.Execution;

internal enum SubtaskOutcomeKind
{
    Finished,
    Failed,
    Canceled,
}

/// <summary>How a subtask's run ended.</summary>
internal sealed record SubtaskOutcome(
    SubtaskOutcomeKind Kind,
    IReadOnlyDictionary<string, long>? Accumulators,
    string? Cause,
    bool Recoverable)
{
    public static SubtaskOutcome Canceled { get; } = new(SubtaskOutcomeKind.Canceled, null, null, true);

    public static SubtaskOutcome Finished(IReadOnlyDictionary<string, long> accumulators) =>
        new(SubtaskOutcomeKind.Finished, accumulators, null, true);

    public static SubtaskOutcome Failed(string cause, bool recoverable) =>
        new(SubtaskOutcomeKind.Failed, null, cause, recoverable);
}
