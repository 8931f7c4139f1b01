using System.Collections.Concurrent;
using System.Globalization;
using OrleansHa.Client;
using OrleansHa.Jobs;

namespace OrleansHa.Testing.Chaos;

/// <summary>
/// A client that submits SumRange jobs with known results without pause (up to a bounded number in flight),
/// each with its own client-chosen id. A submission the cluster did not answer is sent again with the same id
/// until it is accepted, as a careful client does, so every job the workload created counts as submitted.
/// </summary>
public sealed class ChaosWorkload(ChaosSettings settings, JobClient jobs)
{
    private readonly Random _random = new(settings.Seed + 1);
    private readonly ConcurrentDictionary<JobId, ChaosJob> _submitted = new();
    private readonly ConcurrentDictionary<JobId, JobResult> _results = new();
    private readonly ConcurrentQueue<string> _problems = new();

    /// <summary>Every job the workload submitted, accepted or not, by id.</summary>
    public IReadOnlyDictionary<JobId, ChaosJob> Submitted => _submitted;

    /// <summary>The results the client read, by job id.</summary>
    public IReadOnlyDictionary<JobId, JobResult> Results => _results;

    /// <summary>What went wrong on the client's side: a rejected submission, a job that never ended.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public async Task SubmitAsync(CancellationToken stop)
    {
        using var inFlight = new SemaphoreSlim(settings.MaxJobsInFlight);
        var waits = new List<Task>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                await inFlight.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var job = NewJob(i);
            _submitted[job.Spec.JobId] = job;
            await SubmitUntilAcceptedAsync(job);
            waits.Add(WaitForResultAsync(job, inFlight));
        }

        await Task.WhenAll(waits);
    }

    private ChaosJob NewJob(int index)
    {
        // One job in eight runs for seconds with checkpoints, so faults meet running subtasks mid-state.
        var slow = index % 8 == 0;
        var n = slow ? 3000 : _random.Next(10, 2000);
        var spec = new JobSpec
        {
            JobId = new JobId(FormattableString.Invariant($"chaos-{index}-{Guid.NewGuid():N}")[..24]),
            EntryType = "OrleansHa.Examples.SumRange",
            Parallelism = slow ? 2 : _random.Next(1, 3),
            Parameters = new Dictionary<string, string>
            {
                ["n"] = n.ToString(CultureInfo.InvariantCulture),
                ["delayMs"] = slow ? "1" : "0",
            },
            CheckpointInterval = slow ? TimeSpan.FromMilliseconds(200) : TimeSpan.Zero,
            RestartStrategy = RestartStrategy.FixedDelay(1000, TimeSpan.FromMilliseconds(200)),
        };
        return new ChaosJob(spec, n * (n + 1L) / 2);
    }

    private async Task SubmitUntilAcceptedAsync(ChaosJob job)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await jobs.SubmitAsync(job.Spec);
                job.AcceptedAt = DateTime.UtcNow;
                return;
            }
            catch (ClusterUnavailableException)
            {
                job.UnansweredSubmissions = attempt;
            }
            catch (DuplicateJobSubmissionException) when (attempt > 1)
            {
                // An earlier call of this job was accepted, its answer lost: the id is this job's.
                job.AcceptedAt = DateTime.UtcNow;
                return;
            }
            catch (OrleansHaJobException exception)
            {
                _problems.Enqueue($"{job.Spec.JobId}: submission refused: {exception.Message}");
                return;
            }
        }
    }

    private async Task WaitForResultAsync(ChaosJob job, SemaphoreSlim inFlight)
    {
        try
        {
            if (job.AcceptedAt is null)
            {
                return;
            }

            using var limit = new CancellationTokenSource(settings.Duration + settings.SettleTimeout);
            while (true)
            {
                try
                {
                    _results[job.Spec.JobId] = await jobs.WaitForResultAsync(job.Spec.JobId, limit.Token);
                    return;
                }
                catch (ClusterUnavailableException)
                {
                    // The cluster is in a fault; the job's result waits in storage.
                }
                catch (OperationCanceledException)
                {
                    _problems.Enqueue($"{job.Spec.JobId}: no result within {settings.Duration + settings.SettleTimeout}");
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            _problems.Enqueue($"{job.Spec.JobId}: reading its result failed: {exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            inFlight.Release();
        }
    }
}

/// <summary>One job of the chaos workload and the result it must have.</summary>
public sealed class ChaosJob(JobSpec spec, long expectedSum)
{
    public JobSpec Spec { get; } = spec;

    public long ExpectedSum { get; } = expectedSum;

    public DateTime? AcceptedAt { get; set; }

    /// <summary>How many submissions of this job the cluster left unanswered before one was accepted.</summary>
    public int UnansweredSubmissions { get; set; }
}
