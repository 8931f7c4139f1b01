namespace OrleansHa.Authoring;

/// <summary>
/// User code of a job: the cluster creates one instance per subtask, through a public parameterless
/// constructor, and runs it on a task executor's slot.
/// </summary>
/// <remarks>
/// A subtask that returns has finished; one that throws has failed, and the job restarts from its latest
/// completed checkpoint under its restart strategy. Call <see cref="ITaskContext.SafePointAsync"/> often
/// (it costs next to nothing when no checkpoint is pending) and keep the progress that must survive a
/// restart in the snapshot and in <see cref="ITaskContext.Accumulators"/>.
/// </remarks>
public interface IJobTask
{
    Task RunAsync(ITaskContext context, CancellationToken cancellationToken);
}
