namespace OrleansHa.Bench.Storage;

/// <summary>One grain's state as both contenders reach it: a conditional write of the next value, and a read.</summary>
internal interface ICounterClient
{
    Task WriteNextAsync(CancellationToken cancellationToken);

    Task ReadAsync(CancellationToken cancellationToken);
}

/// <summary>A small grain state, serialized as JSON by both contenders.</summary>
public sealed class BenchState
{
    public long Value { get; set; }

    public string Status { get; set; } = "RUNNING";
}
