using OrleansHa.Jobs;

namespace OrleansHa.Runtime.Jobs;

/// <summary>
/// The one seam the job grain calls when its job reaches a globally terminal status: the HA data lifecycle
/// (history record, dirty JobResultStore entry, cleanup of the job's HA data, entry marked clean) plugs in
/// here, so the job grain itself makes no write on its terminal path.
/// </summary>
internal interface IJobTerminationHandler
{
    Task OnJobTerminatedAsync(JobResult result, CancellationToken cancellationToken);
}

/// <summary>The handler used until the HA data lifecycle is registered: it keeps nothing.</summary>
internal sealed class NoOpJobTerminationHandler : IJobTerminationHandler
{
    public Task OnJobTerminatedAsync(JobResult result, CancellationToken cancellationToken) => Task.CompletedTask;
}
