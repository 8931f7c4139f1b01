namespace OrleansHa.Storage;

/// <summary>What one step of the history retention sweep did.</summary>
/// <param name="Examined">How many records the step looked at.</param>
/// <param name="Deleted">How many of them it deleted, because they were written before the cutoff.</param>
/// <param name="Continuation">Where the next step starts; null once the step reached the end of the history.</param>
public sealed record HistorySweepStep(int Examined, int Deleted, string? Continuation);
