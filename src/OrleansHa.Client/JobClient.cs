using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OrleansHa.Grains;
using OrleansHa.Jobs;
using OrleansHa.Leadership;

namespace OrleansHa.Client;

/// <summary>
/// Submits jobs and follows them on an OrleansHa cluster. A change of leader is invisible: calls that fail
/// while it happens are retried within <see cref="JobClientOptions.RetryTimeout"/>, and a submission with a
/// client-chosen job id is idempotent.
/// </summary>
public sealed class JobClient(IClusterClient cluster, IOptions<JobClientOptions> options)
{
    private readonly JobClientOptions _options = Validated(options.Value);

    private IJobManagerGrain Leader => cluster.GetGrain<IJobManagerGrain>(IJobManagerGrain.Key);

    /// <summary>Submits the job with the assemblies at <paramref name="artifactPaths"/> (none for a type deployed on the silos).</summary>
    /// <exception cref="JobSpecValidationException">The spec is invalid or a file cannot be read.</exception>
    /// <exception cref="DuplicateJobSubmissionException">Another submission already used the job id.</exception>
    public async Task<JobId> SubmitAsync(JobSpec spec, IReadOnlyList<string>? artifactPaths = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var files = new List<JobArtifactFile>();
        foreach (var path in artifactPaths ?? [])
        {
            if (!File.Exists(path))
            {
                throw new JobSpecValidationException("ArtifactFiles", $"the file '{path}' does not exist; give the path of a built assembly.");
            }

            files.Add(new JobArtifactFile(Path.GetFileName(path), await File.ReadAllBytesAsync(path, cancellationToken)));
        }

        var attempts = 0;
        try
        {
            return await RetryAsync("submit", () =>
            {
                attempts++;
                return Leader.SubmitAsync(spec, files);
            }, cancellationToken);
        }
        catch (DuplicateJobSubmissionException) when (attempts > 1)
        {
            // An earlier attempt of this call was accepted although its answer was lost in the failover. Job ids
            // are one per submission (JobId.New() by default), so the job that holds the id is this one.
            return spec.JobId;
        }
    }

    /// <summary>The job's status, attempt, subtasks and checkpoints; after its cleanup, its recorded result.</summary>
    /// <exception cref="UnknownJobException">The cluster knows no such job.</exception>
    public async Task<JobDetails> GetStatusAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RetryAsync("status", () => cluster.GetGrain<IJobGrain>(jobId.Value).GetDetailsAsync(), cancellationToken);
        }
        catch (UnknownJobException)
        {
            // The job's grain state is gone after its cleanup; its history record keeps the result.
            var recorded = await RetryAsync("result", () => Leader.GetRecordedResultAsync(jobId), cancellationToken);
            return recorded is null ? throw new UnknownJobException(jobId) : new JobDetails(jobId, recorded.FinalStatus, 0, [], null, null, recorded);
        }
    }

    /// <summary>The jobs the leader counts as live: submitted and not yet globally terminal.</summary>
    public Task<IReadOnlyList<JobId>> ListJobsAsync(CancellationToken cancellationToken = default) =>
        RetryAsync("list", () => Leader.GetLiveJobsAsync(), cancellationToken);

    public Task CancelAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        RetryAsync("cancel", async () =>
        {
            await cluster.GetGrain<IJobGrain>(jobId.Value).CancelAsync();
            return true;
        }, cancellationToken);

    public Task<LeaderInfo> GetLeaderAsync(CancellationToken cancellationToken = default) =>
        RetryAsync("leader", () => Leader.GetLeaderAsync(), cancellationToken);

    /// <summary>The job's retained completed checkpoints, oldest first.</summary>
    public Task<IReadOnlyList<CompletedCheckpoint>> GetCheckpointsAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        RetryAsync("checkpoints", () => cluster.GetGrain<ICheckpointGrain>(jobId.Value).GetRetainedAsync(), cancellationToken);

    /// <summary>Waits until the job reaches FINISHED, FAILED or CANCELED; works after its cleanup too.</summary>
    public async Task<JobResult> WaitForResultAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        await foreach (var details in WatchAsync(jobId, cancellationToken))
        {
            if (details.Result is { } result)
            {
                return result;
            }
        }

        throw new UnknownJobException(jobId);
    }

    /// <summary>The job's details each time they change, ending with its globally terminal status.</summary>
    public async IAsyncEnumerable<JobDetails> WatchAsync(JobId jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        JobDetails? last = null;
        while (true)
        {
            var details = await GetStatusAsync(jobId, cancellationToken);
            if (last is null || details.Status != last.Status || details.Attempt != last.Attempt ||
                details.LatestCompletedCheckpointId != last.LatestCompletedCheckpointId)
            {
                yield return details;
            }

            if (details.Status.IsGloballyTerminal())
            {
                yield break;
            }

            last = details;
            await Task.Delay(_options.PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Calls until it gets an answer. Errors of the job model (a bad spec, an unknown job) are answers and
    /// pass through; errors of the cluster (a silo that died, a timeout, a leader that lost its epoch) are
    /// retried with backoff until <see cref="JobClientOptions.RetryTimeout"/>.
    /// </summary>
    private async Task<T> RetryAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.RetryTimeout.TotalSeconds * Stopwatch.Frequency);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call().WaitAsync(_options.CallTimeout, cancellationToken);
            }
            catch (Exception exception) when (exception is not (OrleansHaJobException or OperationCanceledException or ArgumentException))
            {
                if (Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency) > deadline)
                {
                    throw new ClusterUnavailableException(operation, _options.RetryTimeout, exception);
                }

                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    private static JobClientOptions Validated(JobClientOptions options)
    {
        options.Validate();
        return options;
    }
}
