using OrleansHa.Authoring;

namespace OrleansHa.Runtime.Tests.Jobs;

/// <summary>A job whose constructor throws: it must end FAILED with the cause, at submission it looks fine.</summary>
public sealed class ThrowingConstructorJob : IJobTask
{
    public const string Message = "configuration missing on purpose";

    public ThrowingConstructorJob() => throw new InvalidOperationException(Message);

    public Task RunAsync(ITaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A class that is not a job.</summary>
public sealed class NotAJob
{
}
