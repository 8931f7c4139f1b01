using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

/// <summary>Cancelling one job's subtasks on a silo, whatever has ended already.</summary>
public sealed class JobExecutionTests
{
    [Fact]
    public async Task CancelAfterTheLastSubtaskEnded_IsANoOp()
    {
        // The silo's stop cancels its token, the subtasks end, then it cancels each execution it saw running.
        using var stopping = new CancellationTokenSource();
        var execution = new JobExecution(JobId.New(), 1, typeof(object), null, stopping.Token);
        var run = new SubtaskRun(0);
        Assert.True(execution.TryAdd(run));
        await stopping.CancelAsync();
        run.MarkEnded();
        execution.OnSubtaskEnded(run);

        Assert.True(await execution.CancelAsync(TimeSpan.FromSeconds(5)));
        Assert.True(execution.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task TheSilosStop_CancelsARunningExecution()
    {
        using var stopping = new CancellationTokenSource();
        var execution = new JobExecution(JobId.New(), 1, typeof(object), null, stopping.Token);
        Assert.True(execution.TryAdd(new SubtaskRun(0)));

        await stopping.CancelAsync();

        Assert.True(execution.CancellationToken.IsCancellationRequested);
    }
}
