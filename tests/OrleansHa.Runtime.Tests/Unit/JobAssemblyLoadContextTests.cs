using System.Runtime.CompilerServices;
using OrleansHa.Authoring;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Tests.Fixtures;
using OrleansHa.Storage;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

/// <summary>A job's load context goes away once its last subtask ended and nothing else holds its types.</summary>
[Collection(nameof(GarbageCollection))]
public sealed class JobAssemblyLoadContextTests
{
    private const string AssemblyName = "OrleansHa.Runtime.Tests.ArtifactJob";

    [Fact]
    public async Task AfterItsLastSubtaskEnded_TheUnloadedContextIsCollected()
    {
        // A context that kept its own assemblies in a field stayed alive for good after Unload.
        var context = await RunCountToUntilItsExecutionEndsAsync();

        // A liveness bound, not a timing assertion: collection takes a few GCs, and one that never comes is the bug.
        Assert.True(await GarbageCollection.CollectAsync(context, TimeSpan.FromSeconds(10)), "the unloaded load context should have been collected");
    }

    [Fact]
    public void ArtifactWithoutAnAssembly_FailsToLoadNamingTheJob()
    {
        var jobId = JobId.New();
        var context = new JobAssemblyLoadContext(jobId, [new ArtifactFile("readme.txt", new byte[] { 1 })]);

        var error = Assert.Throws<ArtifactLoadException>(context.LoadArtifactAssemblies);
        context.Unload();

        Assert.Contains("no .dll file", error.Message);
        Assert.Contains(jobId.Value, error.Message);
    }

    /// <summary>
    /// Runs one subtask of CountTo the way the task executor does (load, resolve, run, end the last subtask,
    /// which unloads) and returns only a weak reference: nothing of the job may stay on the test's stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunCountToUntilItsExecutionEndsAsync()
    {
        var jobId = JobId.New();
        var bytes = await File.ReadAllBytesAsync(
            Path.Combine(AppContext.BaseDirectory, "artifact-job", AssemblyName + ".dll"), TestContext.Current.CancellationToken);
        var spec = new JobSpec
        {
            JobId = jobId,
            EntryType = "ArtifactJobs.CountTo",
            Parallelism = 1,
            Parameters = new Dictionary<string, string> { ["n"] = "3" },
        };
        var context = new JobAssemblyLoadContext(jobId, [new ArtifactFile(AssemblyName + ".dll", bytes)]);
        var entryType = JobTypeResolver.ResolveInArtifact(context.LoadArtifactAssemblies(), spec.EntryType);
        using var stopping = new CancellationTokenSource();
        var execution = new JobExecution(jobId, 1, entryType, context, stopping.Token);
        var run = new SubtaskRun(0);
        Assert.True(execution.TryAdd(run));
        var accumulators = new TaskAccumulators();
        var taskContext = new TaskContext(
            new DeploymentRequest(spec, 1, [0], null), 0, null, accumulators, (_, _, _) => ValueTask.CompletedTask, execution.CancellationToken);

        await ((IJobTask)Activator.CreateInstance(execution.EntryType)!).RunAsync(taskContext, execution.CancellationToken);
        run.MarkEnded();
        execution.OnSubtaskEnded(run);

        Assert.Equal(3, accumulators.Snapshot()["counted"]);
        Assert.False(execution.HasArtifactContext, "the last subtask's end should have unloaded the context");
        return new WeakReference(context);
    }
}
