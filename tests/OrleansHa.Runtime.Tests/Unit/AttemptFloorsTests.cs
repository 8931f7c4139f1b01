using Microsoft.Extensions.Time.Testing;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class AttemptFloorsTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new();
    private readonly HashSet<JobId> _running = [];
    private readonly AttemptFloors _floors;

    public AttemptFloorsTests() => _floors = new AttemptFloors(_time, Retention, _running.Contains);

    [Fact]
    public void AFloor_OnlyRises()
    {
        var job = JobId.New();
        _floors.Raise(job, 3);
        _floors.Raise(job, 2);

        Assert.Equal(3, _floors.Of(job));
    }

    [Fact]
    public void AnEndedJobsFloor_IsKeptForTheRetention_ThenForgotten()
    {
        var job = JobId.New();
        _floors.Raise(job, 2);

        _time.Advance(Retention - TimeSpan.FromSeconds(1));
        Assert.Equal(2, _floors.Of(job));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_floors.Of(job));
        Assert.Equal(0, _floors.Count);
    }

    [Fact]
    public void TheRetention_CountsFromTheFloorsLastChange()
    {
        var job = JobId.New();
        _floors.Raise(job, 1);
        _time.Advance(Retention / 2);
        _floors.Raise(job, 2);

        _time.Advance(Retention / 2);
        Assert.Equal(2, _floors.Of(job));

        _time.Advance(Retention / 2);
        Assert.Null(_floors.Of(job));
    }

    [Fact]
    public void ARunningJobsFloor_IsNeverForgotten()
    {
        var job = JobId.New();
        _running.Add(job);
        _floors.Raise(job, 4);

        _time.Advance(Retention * 3);
        Assert.Equal(4, _floors.Of(job));

        _running.Remove(job);
        _time.Advance(Retention);
        Assert.Null(_floors.Of(job));
    }

    [Fact]
    public void ManyEndedJobs_LeaveNothingBehindOnceTheRetentionHasPassed()
    {
        for (var i = 0; i < 1_000; i++)
        {
            _floors.Raise(JobId.New(), 1);
        }

        _time.Advance(Retention);
        _floors.Raise(JobId.New(), 1);

        Assert.Equal(1, _floors.Count);
    }
}
