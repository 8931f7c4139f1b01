using Microsoft.Extensions.Options;
using OrleansHa.Runtime.Concurrency;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Checkpoints;

/// <summary>
/// Bounds how many checkpoint stores the job grains of this silo have in flight, at what the storage
/// answers within <see cref="OrleansHaOptions.CheckpointStoreLatencyTarget"/>. Without it every running job
/// keeps one write queued in storage: past the storage's rate the queue outgrows the call timeouts, writes
/// are retried while their first try still waits, and the storage serves requests nobody waits for any
/// more. With it the surplus waits in the silo and, while it does, job grains skip their triggers, so an
/// overloaded storage makes checkpoints rarer instead of making every request late.
/// </summary>
internal sealed class CheckpointStoreThrottle(IOptions<OrleansHaOptions> options)
{
    private readonly AimdConcurrencyLimit _limit = new(
        options.Value.MaxConcurrentCheckpointStores, options.Value.CheckpointStoreLatencyTarget);

    /// <summary>Whether a checkpoint completed now would wait for another's store: time to skip a trigger.</summary>
    public bool IsSaturated => _limit.IsSaturated;

    /// <summary>Runs one checkpoint store once a permit is free, and tells the limit how it went.</summary>
    public Task StoreAsync(Func<Task> store) => _limit.RunAsync(async () =>
    {
        await store();
        return true;
    });
}
