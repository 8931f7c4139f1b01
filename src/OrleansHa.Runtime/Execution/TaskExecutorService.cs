using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansHa.Authoring;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Checkpoints;
using OrleansHa.Runtime.Jobs;
using OrleansHa.Runtime.Options;
using OrleansHa.Storage;

namespace OrleansHa.Runtime.Execution;

/// <summary>
/// The silo's task executor behind its pinned grain: runs subtasks on the thread pool, off the grain
/// scheduler, so that user code never blocks a grain, and reports their outcome to the job grain.
/// </summary>
internal sealed partial class TaskExecutorService(
    ILocalSiloDetails localSilo,
    IGrainFactory grainFactory,
    IServiceProvider services,
    IOptions<OrleansHaOptions> options,
    ILogger<TaskExecutorService> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan MaxReportRetryDelay = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan[] RegistrationRetryDelays =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    private readonly Lock _lock = new();
    private readonly Dictionary<JobId, JobExecution> _executions = [];
    private AttemptFloors? _attemptFloors;
    private readonly List<WeakReference> _unloadedContexts = [];
    private int _contextsLoaded;
    private int _contextsUnloaded;
    private readonly CancellationTokenSource _stopping = new();

    public string SiloKey => localSilo.SiloAddress.ToParsableString();

    public int Slots => options.Value.TaskExecutor.Slots;

    // Created on first use, under the lock: it asks the executions whether a job still runs here.
    private AttemptFloors AttemptFloors => _attemptFloors ??= new AttemptFloors(
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        options.Value.TaskExecutor.AttemptFloorRetention,
        _executions.ContainsKey);

    public async Task<DeploymentResult> DeployAsync(DeploymentRequest request)
    {
        var jobId = request.Spec.JobId;
        JobExecution? superseded = null;
        lock (_lock)
        {
            if (AttemptFloors.Of(jobId) is { } floor && request.Attempt < floor)
            {
                return new DeploymentResult(
                    $"attempt {request.Attempt} is stale: executor {SiloKey} already saw attempt {floor}.", Recoverable: true);
            }

            AttemptFloors.Raise(jobId, request.Attempt);
            if (_executions.TryGetValue(jobId, out var existing) && existing.Attempt < request.Attempt)
            {
                _executions.Remove(jobId);
                superseded = existing;
            }
        }

        if (superseded is not null)
        {
            await superseded.CancelAsync(options.Value.SubtaskCancellationTimeout);
        }

        if (request.Subtasks.Any(request.RestoresFromPayloadStore) && services.GetService<ICheckpointPayloadStore>() is null)
        {
            return new DeploymentResult(
                $"silo {SiloKey} has no {nameof(ICheckpointPayloadStore)} registered to restore checkpoints from; " +
                "register a checkpoint payload store on every silo.", Recoverable: false);
        }

        JobExecution execution;
        try
        {
            execution = await GetOrCreateExecutionAsync(request);
        }
        catch (OrleansHaJobException exception)
        {
            LogDeploymentRejected(jobId, request.Attempt, exception.Message);
            return new DeploymentResult(exception.Message, Recoverable: false);
        }
        catch (ArtifactNotFoundException exception)
        {
            return new DeploymentResult(exception.Message, Recoverable: false);
        }
        catch (OrleansHaStorageException exception)
        {
            return new DeploymentResult(exception.Message, Recoverable: true);
        }

        var runs = request.Subtasks.Select(index => new SubtaskRun(index)).ToList();
        foreach (var run in runs)
        {
            if (!execution.TryAdd(run))
            {
                return new DeploymentResult(
                    $"subtask {run.Index} of attempt {request.Attempt} is already running on {SiloKey}.", Recoverable: true);
            }
        }

        foreach (var run in runs)
        {
            _ = Task.Run(() => RunSubtaskAsync(execution, request, run));
        }

        LogDeployed(jobId, request.Attempt, string.Join(',', request.Subtasks), request.RestoreCheckpointId);
        return DeploymentResult.Started;
    }

    public async Task CancelAsync(JobId jobId, int attempt)
    {
        JobExecution? execution;
        lock (_lock)
        {
            AttemptFloors.Raise(jobId, attempt + 1);
            if (!_executions.TryGetValue(jobId, out execution) || execution.Attempt > attempt)
            {
                return;
            }

            _executions.Remove(jobId);
        }

        if (!await execution.CancelAsync(options.Value.SubtaskCancellationTimeout))
        {
            LogCancellationIgnored(jobId, attempt, options.Value.SubtaskCancellationTimeout);
        }
    }

    public void TriggerCheckpoint(JobId jobId, int attempt, long checkpointId)
    {
        JobExecution? execution;
        lock (_lock)
        {
            if (!_executions.TryGetValue(jobId, out execution) || execution.Attempt != attempt)
            {
                return;
            }
        }

        execution.RequestCheckpoint(checkpointId);
    }

    public ExecutorInfo GetInfo()
    {
        lock (_lock)
        {
            var running = _executions.Values.SelectMany(RunningSubtasksOf).ToList();
            return new ExecutorInfo(SiloKey, Slots, running, _executions.Values.Count(e => e.HasArtifactContext));
        }
    }

    /// <summary>
    /// The subtasks this executor runs for one job. Each job master that reconciles asks every executor, so
    /// this looks the job up instead of listing every subtask the way <see cref="GetInfo"/> does: after a
    /// leader's silo died with 10,000 jobs, listing everything per question made recovery quadratic.
    /// </summary>
    public IReadOnlyList<RunningSubtask> GetRunning(JobId jobId)
    {
        lock (_lock)
        {
            return _executions.TryGetValue(jobId, out var execution) ? [.. RunningSubtasksOf(execution)] : [];
        }
    }

    private static IEnumerable<RunningSubtask> RunningSubtasksOf(JobExecution execution) =>
        execution.Subtasks.Select(s => new RunningSubtask(execution.JobId, execution.Attempt, s.Index));

    /// <summary>How many artifact load contexts were created, and how many of them were unloaded since.</summary>
    public (int Loaded, int Unloaded) CountArtifactContexts() => (Volatile.Read(ref _contextsLoaded), Volatile.Read(ref _contextsUnloaded));

    /// <summary>How many unloaded artifact contexts are still held in memory (for tests and diagnostics).</summary>
    public int CountUnloadedContextsStillAlive()
    {
        lock (_lock)
        {
            _unloadedContexts.RemoveAll(w => !w.IsAlive);
            return _unloadedContexts.Count;
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TaskExecutorService), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        // Registration must not hold up the silo's start; the leader also finds executors through membership.
        _ = Task.Run(RegisterWithRetriesAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        // Runs even on an ungraceful stop (a cancelled token): user code must not outlive its silo.
        JobExecution[] executions;
        lock (_lock)
        {
            executions = [.. _executions.Values];
            _executions.Clear();
        }

        try
        {
            _stopping.Cancel();
            await Task.WhenAll(executions.Select(e => e.CancelAsync(TimeSpan.FromSeconds(5))));
        }
        catch (Exception exception)
        {
            LogStopFailed(exception);
        }
    }

    private async Task RegisterWithRetriesAsync()
    {
        foreach (var delay in RegistrationRetryDelays.Prepend(TimeSpan.Zero))
        {
            try
            {
                await Task.Delay(delay, _stopping.Token);
                await grainFactory.GetGrain<ITaskExecutorGrain>(SiloKey).RegisterAsync();
                return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRegistrationFailed(exception);
            }
        }
    }

    private async Task<JobExecution> GetOrCreateExecutionAsync(DeploymentRequest request)
    {
        var jobId = request.Spec.JobId;
        lock (_lock)
        {
            if (_executions.TryGetValue(jobId, out var existing) && existing.Attempt == request.Attempt)
            {
                return existing;
            }
        }

        JobAssemblyLoadContext? loadContext = null;
        Type entryType;
        if (request.Spec.HasArtifact)
        {
            var store = services.GetService<IArtifactStore>() ?? throw new ArtifactLoadException(jobId,
                $"silo {SiloKey} has no {nameof(IArtifactStore)} registered.");
            var files = await store.GetAsync(jobId, _stopping.Token);
            loadContext = new JobAssemblyLoadContext(jobId, files);
            try
            {
                entryType = JobTypeResolver.ResolveInArtifact(loadContext.LoadArtifactAssemblies(), request.Spec.EntryType);
            }
            catch
            {
                loadContext.Unload();
                throw;
            }
        }
        else
        {
            entryType = JobTypeResolver.ResolveDeployed(request.Spec.EntryType);
        }

        var execution = new JobExecution(jobId, request.Attempt, entryType, loadContext, _stopping.Token);
        execution.Ended += OnExecutionEnded;
        lock (_lock)
        {
            _executions[jobId] = execution;
            if (loadContext is not null)
            {
                _unloadedContexts.Add(new WeakReference(loadContext));
                _contextsLoaded++;
            }
        }

        return execution;
    }

    private void OnExecutionEnded(JobExecution execution)
    {
        lock (_lock)
        {
            if (execution.HadArtifactContext)
            {
                _contextsUnloaded++;
            }

            if (_executions.TryGetValue(execution.JobId, out var current) && ReferenceEquals(current, execution))
            {
                _executions.Remove(execution.JobId);
            }
        }
    }

    private async Task RunSubtaskAsync(JobExecution execution, DeploymentRequest request, SubtaskRun run)
    {
        var jobId = execution.JobId;
        var token = execution.CancellationToken;
        SubtaskOutcome outcome;
        try
        {
            ReadOnlyMemory<byte>? restoredState = null;
            var accumulators = new TaskAccumulators();
            if (request.RestoreCheckpointId is { } checkpointId)
            {
                var payload = request.RestorePayloads?.GetValueOrDefault(run.Index) is { } inline
                    ? inline
                    : await services.GetRequiredService<ICheckpointPayloadStore>().GetAsync(jobId, checkpointId, run.Index, token);
                var snapshot = SubtaskSnapshot.Decode(payload, checkpointId, run.Index);
                restoredState = snapshot.State;
                accumulators = new TaskAccumulators(snapshot.Accumulators);
            }

            var context = new TaskContext(
                request, run.Index, restoredState, accumulators,
                (taskContext, checkpointId, state) => StoreSnapshotAsync(execution, taskContext, checkpointId, state), token);
            run.Attach(context);
            outcome = await RunUserCodeAsync(execution, context, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            outcome = SubtaskOutcome.Canceled;
        }
        catch (Exception exception)
        {
            outcome = SubtaskOutcome.Failed($"{exception.GetType().Name}: {exception.Message}", recoverable: true);
        }
        finally
        {
            run.MarkEnded();
            execution.OnSubtaskEnded(run);
        }

        LogSubtaskEnded(jobId, execution.Attempt, run.Index, outcome.Kind);
        if (outcome.Kind != SubtaskOutcomeKind.Canceled)
        {
            await ReportAsync(jobId, execution.Attempt, run.Index, outcome);
        }
    }

    private static async Task<SubtaskOutcome> RunUserCodeAsync(JobExecution execution, TaskContext context, CancellationToken token)
    {
        IJobTask task;
        try
        {
            task = (IJobTask)Activator.CreateInstance(execution.EntryType)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is { } inner)
        {
            // A constructor that throws fails the same way on every attempt: no restart can help.
            return SubtaskOutcome.Failed(
                $"the constructor of {execution.EntryType.FullName} threw {inner.GetType().Name}: {inner.Message}",
                recoverable: false);
        }

        try
        {
            await task.RunAsync(context, token);
        }
        finally
        {
            (task as IDisposable)?.Dispose();
        }

        return SubtaskOutcome.Finished(context.AccumulatorValues.Snapshot());
    }

    private async ValueTask StoreSnapshotAsync(JobExecution execution, TaskContext context, long checkpointId, ReadOnlyMemory<byte> state)
    {
        var payload = new SubtaskSnapshot(
            context.Attempt, checkpointId, context.SubtaskIndex, context.AccumulatorValues.Snapshot(), state).Encode();

        // A small payload rides with the acknowledgement and is stored with the checkpoint's metadata, in the
        // same write: no request of its own now, no delete when the checkpoint is dropped.
        byte[]? inline = null;
        if (payload.Length <= options.Value.CheckpointInlineThreshold)
        {
            inline = payload;
        }
        else
        {
            var store = services.GetService<ICheckpointPayloadStore>() ?? throw new InvalidOperationException(
                $"Silo {SiloKey} has no {nameof(ICheckpointPayloadStore)} registered; register one on every silo.");

            // A large payload goes from this silo straight to storage; the job grain only hears of its handle.
            // The write is not cancelled with the subtask: a request abandoned on the client can still reach
            // storage, after the job grain deleted the job's payloads (it does so once the executor's cancel
            // returned). It runs to its end instead, the execution's cancel waits for it, and only the silo's
            // stop cuts it short.
            await execution.WritePayloadAsync(
                () => store.PutAsync(context.JobId, checkpointId, context.SubtaskIndex, payload, _stopping.Token));
        }

        // Not awaited by the subtask: the job grain may be waiting for this executor to cancel the subtask.
        _ = AcknowledgeAsync(context.JobId, context.Attempt, checkpointId, context.SubtaskIndex, inline);
    }

    private async Task AcknowledgeAsync(JobId jobId, int attempt, long checkpointId, int subtask, byte[]? inlinePayload)
    {
        try
        {
            var job = grainFactory.GetGrain<IJobMasterGrain>(jobId.Value);
            if (!await job.AcknowledgeCheckpointAsync(attempt, checkpointId, subtask, inlinePayload))
            {
                // The job moved on to a newer attempt: this subtask is a leftover and stops.
                await CancelAsync(jobId, attempt);
            }
        }
        catch (Exception exception)
        {
            // An acknowledgement that does not arrive only lets this checkpoint time out.
            LogReportFailed(exception, jobId, attempt, subtask);
        }
    }

    /// <summary>
    /// Reports a subtask's end until its job grain takes it: a report that never arrives would leave a live job
    /// master waiting for the subtask forever. Retries back off up to a few seconds and stop after
    /// <see cref="TaskExecutorOptions.ReportTimeout"/>.
    /// </summary>
    private async Task ReportAsync(JobId jobId, int attempt, int subtask, SubtaskOutcome outcome)
    {
        var job = grainFactory.GetGrain<IJobMasterGrain>(jobId.Value);
        var deadline = DateTimeOffset.UtcNow + options.Value.TaskExecutor.ReportTimeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (outcome.Kind == SubtaskOutcomeKind.Finished)
                {
                    await job.OnSubtaskFinishedAsync(attempt, subtask, outcome.Accumulators!);
                }
                else
                {
                    await job.OnSubtaskFailedAsync(attempt, subtask, outcome.Cause!, outcome.Recoverable);
                }

                return;
            }
            catch (Exception exception) when (!_stopping.IsCancellationRequested)
            {
                LogReportFailed(exception, jobId, attempt, subtask);
                if (DateTimeOffset.UtcNow + delay > deadline)
                {
                    LogReportAbandoned(jobId, attempt, subtask, options.Value.TaskExecutor.ReportTimeout);
                    return;
                }

                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReportRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(3100, LogLevel.Debug, "Deployed subtasks {Subtasks} of job {JobId} attempt {Attempt} (restore from checkpoint {CheckpointId})")]
    private partial void LogDeployed(JobId jobId, int attempt, string subtasks, long? checkpointId);

    [LoggerMessage(3101, LogLevel.Warning, "Rejected the deployment of job {JobId} attempt {Attempt}: {Reason}")]
    private partial void LogDeploymentRejected(JobId jobId, int attempt, string reason);

    [LoggerMessage(3102, LogLevel.Debug, "Subtask {Subtask} of job {JobId} attempt {Attempt} ended: {Outcome}")]
    private partial void LogSubtaskEnded(JobId jobId, int attempt, int subtask, SubtaskOutcomeKind outcome);

    [LoggerMessage(3103, LogLevel.Warning, "Could not report subtask {Subtask} of job {JobId} attempt {Attempt} to its job grain")]
    private partial void LogReportFailed(Exception exception, JobId jobId, int attempt, int subtask);

    [LoggerMessage(3104, LogLevel.Warning, "Subtasks of job {JobId} attempt {Attempt} ignored their cancellation for {Timeout}; they keep running until they return")]
    private partial void LogCancellationIgnored(JobId jobId, int attempt, TimeSpan timeout);

    [LoggerMessage(3107, LogLevel.Error, "Gave up reporting subtask {Subtask} of job {JobId} attempt {Attempt} after {Timeout}: its job grain did not answer")]
    private partial void LogReportAbandoned(JobId jobId, int attempt, int subtask, TimeSpan timeout);

    [LoggerMessage(3106, LogLevel.Warning, "Some subtasks did not stop cleanly with the silo")]
    private partial void LogStopFailed(Exception exception);

    [LoggerMessage(3105, LogLevel.Warning, "Could not register the task executor with the leader; the leader finds it through membership")]
    private partial void LogRegistrationFailed(Exception exception);
}
