using System.Runtime.CompilerServices;
using OrleansHa.Authoring;
using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using OrleansHa.Storage;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

/// <summary>A job's load context goes away once unloaded and nothing else holds its types.</summary>
public sealed class JobAssemblyLoadContextTests
{
    private const string AssemblyName = "OrleansHa.Runtime.Tests.ArtifactJob";

    [Fact]
    public async Task AfterRunningAJobAndUnloading_TheContextIsCollected()
    {
        // A context that kept its own assemblies in a field stayed alive for good after Unload.
        var context = await RunCountToAndUnloadAsync();

        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.False(context.IsAlive, "the unloaded load context should have been collected");
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunCountToAndUnloadAsync()
    {
        var jobId = JobId.New();
        var bytes = await File.ReadAllBytesAsync(
            Path.Combine(AppContext.BaseDirectory, "artifact-job", AssemblyName + ".dll"), TestContext.Current.CancellationToken);
        var context = new JobAssemblyLoadContext(jobId, [new ArtifactFile(AssemblyName + ".dll", bytes)]);
        var spec = new JobSpec
        {
            JobId = jobId,
            EntryType = "ArtifactJobs.CountTo",
            Parallelism = 1,
            Parameters = new Dictionary<string, string> { ["n"] = "3" },
        };
        var accumulators = new TaskAccumulators();
        var taskContext = new TaskContext(
            new DeploymentRequest(spec, 1, [0], null), 0, null, accumulators, (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        var type = JobTypeResolver.ResolveInArtifact(context.LoadArtifactAssemblies(), spec.EntryType);
        await ((IJobTask)Activator.CreateInstance(type)!).RunAsync(taskContext, CancellationToken.None);
        Assert.Equal(3, accumulators.Snapshot()["counted"]);

        context.Unload();
        return new WeakReference(context);
    }
}
