using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

/// <summary>Cancelling one job's subtasks on a silo, whatever has ended already, and its payload writes.</summary>
public sealed class JobExecutionTests
{
    [Fact]
    public async Task SilosStop_AfterTheLastSubtaskEndedOnItsToken_CancelsWithoutError()
    {
        // The executor's stop in order: it takes the executions it runs, cancels the silo's token (the
        // subtasks end on it, the last one ending the execution), then cancels each execution it took. A
        // source disposed by the last subtask's end made that cancel throw ObjectDisposedException.
        using var stopping = new CancellationTokenSource();
        var (execution, runs) = Start(stopping.Token, subtasks: 2);

        await stopping.CancelAsync();
        Assert.True(execution.CancellationToken.IsCancellationRequested, "the silo's stop should reach the subtasks");
        End(execution, runs);

        Assert.True(await execution.CancelAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task CancelAfterTheLastSubtaskFinished_IsANoOp()
    {
        // A job master's cancel can race the end of the job's last subtask here.
        using var stopping = new CancellationTokenSource();
        var (execution, runs) = Start(stopping.Token, subtasks: 1);
        End(execution, runs);

        Assert.True(await execution.CancelAsync(TimeSpan.FromSeconds(5)));
        Assert.True(execution.CancellationToken.IsCancellationRequested);
        Assert.False(stopping.IsCancellationRequested);
    }

    [Fact]
    public async Task Cancel_WaitsForAPayloadWriteInFlight_EvenPastTheTimeout_AndRefusesLaterWrites()
    {
        using var stopping = new CancellationTokenSource();
        var (execution, _) = Start(stopping.Token, subtasks: 1);
        var landing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = execution.WritePayloadAsync(() => landing.Task);

        // The subtask ignores its cancellation, so the cancel times out on it, but not on the write.
        var cancel = execution.CancelAsync(TimeSpan.FromMilliseconds(50));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(cancel.IsCompleted, "the cancel should wait for the payload write in flight");
        landing.SetResult();
        Assert.False(await cancel);
        await inFlight;

        var written = false;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execution.WritePayloadAsync(() =>
        {
            written = true;
            return Task.CompletedTask;
        }));
        Assert.False(written, "a cancelled subtask should not start a payload write");
    }

    private static (JobExecution Execution, SubtaskRun[] Runs) Start(CancellationToken stopping, int subtasks)
    {
        var execution = new JobExecution(JobId.New(), 1, typeof(object), null, stopping);
        var runs = Enumerable.Range(0, subtasks).Select(i => new SubtaskRun(i)).ToArray();
        Assert.All(runs, run => Assert.True(execution.TryAdd(run)));
        return (execution, runs);
    }

    private static void End(JobExecution execution, IEnumerable<SubtaskRun> runs)
    {
        foreach (var run in runs)
        {
            run.MarkEnded();
            execution.OnSubtaskEnded(run);
        }
    }
}
