using Orleans.Storage;

namespace OrleansHa.Bench.Storage;

/// <summary>Our blob grain storage, called as Orleans calls it.</summary>
internal sealed class OrleansHaCounterClient(IGrainStorage storage, GrainId grain) : ICounterClient
{
    private readonly BenchGrainState _state = new() { State = new BenchState() };

    public async Task WriteNextAsync(CancellationToken cancellationToken)
    {
        _state.State!.Value++;
        await storage.WriteStateAsync("state", grain, _state);
    }

    public Task ReadAsync(CancellationToken cancellationToken) =>
        storage.ReadStateAsync("state", grain, new BenchGrainState());

    private sealed class BenchGrainState : IGrainState<BenchState>
    {
        public BenchState? State { get; set; }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
