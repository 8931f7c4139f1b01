using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

/// <summary>Cancelling one job's subtasks on a silo, whatever has ended already.</summary>
public sealed class JobExecutionTests
{
    [Fact]
    public async Task SilosStop_AfterTheLastSubtaskEndedOnItsToken_CancelsWithoutError()
    {
        // The executor's stop in order: it takes the executions it runs, cancels the silo's token (the
        // subtasks end on it, the last one ending the execution), then cancels each execution it took. A
        // source disposed by the last subtask's end made that cancel throw ObjectDisposedException.
        using var stopping = new CancellationTokenSource();
        var execution = new JobExecution(JobId.New(), 1, typeof(object), null, stopping.Token);
        var runs = new[] { new SubtaskRun(0), new SubtaskRun(1) };
        Assert.All(runs, run => Assert.True(execution.TryAdd(run)));

        await stopping.CancelAsync();
        Assert.True(execution.CancellationToken.IsCancellationRequested, "the silo's stop should reach the subtasks");
        foreach (var run in runs)
        {
            run.MarkEnded();
            execution.OnSubtaskEnded(run);
        }

        Assert.True(await execution.CancelAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task CancelAfterTheLastSubtaskFinished_IsANoOp()
    {
        // A job master's cancel can race the end of the job's last subtask here.
        using var stopping = new CancellationTokenSource();
        var execution = new JobExecution(JobId.New(), 1, typeof(object), null, stopping.Token);
        var run = new SubtaskRun(0);
        Assert.True(execution.TryAdd(run));
        run.MarkEnded();
        execution.OnSubtaskEnded(run);

        Assert.True(await execution.CancelAsync(TimeSpan.FromSeconds(5)));
        Assert.True(execution.CancellationToken.IsCancellationRequested);
        Assert.False(stopping.IsCancellationRequested);
    }
}
