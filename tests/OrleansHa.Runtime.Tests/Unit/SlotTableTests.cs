using OrleansHa.Jobs;
using OrleansHa.Runtime.Leader;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class SlotTableTests
{
    private static readonly JobId A = new("a");
    private static readonly JobId B = new("b");
    private static readonly JobId C = new("c");

    [Fact]
    public void Schedule_SpreadsSlotsOverTheExecutors()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 4);
        table.AddOrUpdateExecutor("s2", 4);
        table.AddOrUpdateExecutor("s3", 4);
        table.Enqueue(new SlotRequest(A, 1, 6));

        var granted = Assert.Single(table.Schedule());

        Assert.Equal(new Dictionary<string, int> { ["s1"] = 2, ["s2"] = 2, ["s3"] = 2 }, granted.SlotsPerSilo);
        Assert.Equal(6, table.FreeSlots);
    }

    [Fact]
    public void Schedule_ServesRequestsInOrder_ASmallLaterRequestDoesNotOvertakeALargeOne()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 4);
        table.Enqueue(new SlotRequest(A, 1, 3));
        table.Enqueue(new SlotRequest(B, 1, 3));
        table.Enqueue(new SlotRequest(C, 1, 1));

        Assert.Equal([A], table.Schedule().Select(g => g.JobId));
        Assert.Equal([B, C], table.QueuedJobs);

        table.Release(A, 1);
        Assert.Equal([B, C], table.Schedule().Select(g => g.JobId));
    }

    [Fact]
    public void AnExecutorReportingAnOlderAttemptThanTheJobWaitsFor_DoesNotHoldItsSlots()
    {
        // A new leader: the job master stopped attempt 1 and asked for attempt 2 before the executor that still
        // ran a subtask of attempt 1 registered. Counting that subtask would keep its slot forever, since its
        // job master released attempt 1 already; with exactly enough slots, attempt 2 would never run.
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 1);
        table.AddOrUpdateExecutor("s2", 1);
        table.Release(A, 1);
        table.Enqueue(new SlotRequest(A, 2, 2));

        table.Adopt(A, 1, "s1", 1);

        var granted = Assert.Single(table.Schedule());
        Assert.Equal(2, granted.Attempt);
        Assert.Equal(0, table.FreeSlots);
        table.Release(A, 2);
        Assert.Equal(2, table.FreeSlots);
    }

    [Fact]
    public void RemoveExecutor_DropsItsSlotsAndNamesTheJobsThatHeldSlotsThere()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 1);
        table.AddOrUpdateExecutor("s2", 1);
        table.Enqueue(new SlotRequest(A, 1, 2));
        table.Schedule();

        Assert.Equal([A], table.RemoveExecutor("s1"));
        Assert.Empty(table.RemoveExecutor("s1"));
        Assert.Equal(0, table.FreeSlots);
        table.Release(A, 1);
        Assert.Equal(1, table.FreeSlots);
    }

    [Fact]
    public void Enqueue_ANewerAttempt_FreesTheSlotsTheOlderAttemptStillHeld()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 2);
        table.Enqueue(new SlotRequest(A, 1, 2));
        table.Schedule();

        var superseded = table.Enqueue(new SlotRequest(A, 2, 2));
        var granted = Assert.Single(table.Schedule());

        Assert.Equal(1, superseded!.Attempt);
        Assert.Equal(2, granted.Attempt);
    }

    [Fact]
    public void Release_OfAnOlderAttempt_KeepsTheSlotsOfTheNewerOne()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 2);
        table.Enqueue(new SlotRequest(A, 2, 2));
        table.Schedule();

        Assert.Null(table.Release(A, 1));
        Assert.Equal(0, table.FreeSlots);
    }

    [Fact]
    public void Adopt_RunningSubtasksKeepTheirSlots_SoANewRequestDoesNotGetThem()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 2);
        table.AddOrUpdateExecutor("s2", 2);
        table.Adopt(A, 3, "s1", 2);
        table.Adopt(A, 3, "s2", 1);

        table.Enqueue(new SlotRequest(B, 1, 2));

        Assert.Empty(table.Schedule());
        Assert.Equal(1, table.FreeSlots);
        Assert.Equal([2, 1], table.Describe().Select(e => e.UsedSlots));
    }

    [Fact]
    public void Adopt_TheSameSiloTwice_CountsItsSubtasksOnce()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 4);
        table.Adopt(A, 1, "s1", 2);
        table.Adopt(A, 1, "s1", 3);

        Assert.Equal(1, table.FreeSlots);
    }

    [Fact]
    public void Adopt_AnOlderAttemptThanTheHeldOne_IsIgnored_AndANewerOneReplacesIt()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 4);
        table.Adopt(A, 2, "s1", 2);

        table.Adopt(A, 1, "s1", 1);
        Assert.Equal(2, table.FreeSlots);

        table.Adopt(A, 3, "s1", 1);
        Assert.Equal(3, table.FreeSlots);
        Assert.Null(table.Release(A, 2));
        Assert.NotNull(table.Release(A, 3));
        Assert.Equal(4, table.FreeSlots);
    }

    [Fact]
    public void Adopt_OnAnUnknownExecutor_ChangesNothing()
    {
        var table = new SlotTable();
        table.AddOrUpdateExecutor("s1", 2);

        table.Adopt(A, 1, "gone", 2);

        Assert.Equal(2, table.FreeSlots);
        Assert.Null(table.Release(A, 1));
    }
}
