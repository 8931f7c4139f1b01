using Microsoft.Extensions.DependencyInjection;

namespace OrleansHa.Runtime.Tests.Fixtures;

/// <summary>
/// Keeps a silo that stops cleanly in the ShuttingDown status until the test releases it: the stop waits in
/// the stage that deactivates the silo's grains, which Orleans reaches after it marked the silo ShuttingDown
/// and before it declares it dead. The rest of the cluster meanwhile sees a silo that is leaving, as it does
/// for the length of a real silo's grain deactivation.
/// </summary>
public sealed class HeldSiloStop : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the stop of every silo of the cluster that stops before <see cref="Release"/>.</summary>
    public void Install(ISiloBuilder silo) => silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(this);

    public void Release() => _released.TrySetResult();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HeldSiloStop), ServiceLifecycleStage.GrainDeactivation, _ => Task.CompletedTask, _ => _released.Task);
}
