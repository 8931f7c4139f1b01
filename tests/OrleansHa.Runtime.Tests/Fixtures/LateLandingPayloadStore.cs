using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansHa.Jobs;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// A checkpoint payload store whose writes behave like requests already on the wire: each reaches the store
/// it wraps after <see cref="Latency"/>, whether or not its caller stopped waiting. Cancelling a write only
/// abandons the wait, as cancelling an HTTP request that was sent does, so a test sees when a write lands.
/// </summary>
public sealed class LateLandingPayloadStore(ICheckpointPayloadStore inner, TimeSpan latency) : ICheckpointPayloadStore
{
    private int _started;
    private int _inFlight;

    public TimeSpan Latency { get; } = latency;

    /// <summary>How many writes were sent.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>How many writes have not reached the store yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Wraps the silo's registered checkpoint payload store (register the store first).</summary>
    public static void Decorate(IServiceCollection services, TimeSpan latency)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ICheckpointPayloadStore));
        services.Replace(ServiceDescriptor.Singleton<ICheckpointPayloadStore>(
            sp => new LateLandingPayloadStore(Resolve(registered, sp), latency)));
    }

    public Task PutAsync(JobId jobId, long checkpointId, int subtask, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
        var landing = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Latency, CancellationToken.None);
                await inner.PutAsync(jobId, checkpointId, subtask, payload, CancellationToken.None);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }, CancellationToken.None);
        return landing.WaitAsync(cancellationToken);
    }

    public Task<ReadOnlyMemory<byte>> GetAsync(JobId jobId, long checkpointId, int subtask, CancellationToken cancellationToken = default) =>
        inner.GetAsync(jobId, checkpointId, subtask, cancellationToken);

    public Task DeleteCheckpointAsync(JobId jobId, long checkpointId, CancellationToken cancellationToken = default) =>
        inner.DeleteCheckpointAsync(jobId, checkpointId, cancellationToken);

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        inner.DeleteAllAsync(jobId, cancellationToken);

    private static ICheckpointPayloadStore Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (ICheckpointPayloadStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
