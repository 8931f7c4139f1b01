namespace OrleansHa.Jobs;

/// <summary>The base of the errors the job runtime raises for a known reason.</summary>
[GenerateSerializer]
[Alias("orleansha.OrleansHaJobException")]
public abstract class OrleansHaJobException : Exception
{
    protected OrleansHaJobException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A job submission is invalid: the message names the field, what was wrong and how to fix it.</summary>
[GenerateSerializer]
[Alias("orleansha.JobSpecValidationException")]
public sealed class JobSpecValidationException(string field, string problem)
    : OrleansHaJobException($"The job spec's {field} is invalid: {problem}")
{
    /// <summary>The spec field that is wrong, for example <c>Parallelism</c>.</summary>
    [Id(0)]
    public string Field { get; private set; } = field;
}

/// <summary>A job with the same id is running, or already reached a globally terminal status.</summary>
[GenerateSerializer]
[Alias("orleansha.DuplicateJobSubmissionException")]
public sealed class DuplicateJobSubmissionException(JobId jobId, bool globallyTerminated)
    : OrleansHaJobException(globallyTerminated
        ? $"Job '{jobId}' already reached a globally terminal status and never runs again. Submit the work under " +
          "a new job id."
        : $"Job '{jobId}' is already running. Wait for it to end, cancel it, or submit under a new job id.")
{
    [Id(0)]
    public JobId JobId { get; private set; } = jobId;

    /// <summary>True when the job has a JobResultStore entry; false when it is still running.</summary>
    [Id(1)]
    public bool GloballyTerminated { get; private set; } = globallyTerminated;
}

/// <summary>The job's entry type was found neither among the deployed types nor in its artifact.</summary>
[GenerateSerializer]
[Alias("orleansha.UnknownJobTypeException")]
public sealed class UnknownJobTypeException(string entryType, string whereSearched)
    : OrleansHaJobException(
        $"The entry type '{entryType}' was not found in {whereSearched}. Check the spelling of the full type " +
        "name (Namespace.Type) and that the assembly which defines it is deployed or uploaded with the job.")
{
    [Id(0)]
    public string EntryType { get; private set; } = entryType;
}

/// <summary>The job's entry type exists but cannot run as a subtask.</summary>
[GenerateSerializer]
[Alias("orleansha.InvalidJobTypeException")]
public sealed class InvalidJobTypeException(string entryType, string problem)
    : OrleansHaJobException($"The entry type '{entryType}' cannot run as a job: {problem}")
{
    [Id(0)]
    public string EntryType { get; private set; } = entryType;
}

/// <summary>The job's uploaded assemblies could not be read or loaded.</summary>
[GenerateSerializer]
[Alias("orleansha.ArtifactLoadException")]
public sealed class ArtifactLoadException(JobId jobId, string problem, Exception? innerException = null)
    : OrleansHaJobException(
        $"The artifact of job '{jobId}' cannot be loaded: {problem} Upload .NET assemblies built for this " +
        "cluster's runtime, with every dependency the silos do not have.", innerException)
{
    [Id(0)]
    public JobId JobId { get; private set; } = jobId;
}

/// <summary>No job with that id is known to the cluster.</summary>
[GenerateSerializer]
[Alias("orleansha.UnknownJobException")]
public sealed class UnknownJobException(JobId jobId)
    : OrleansHaJobException($"No job '{jobId}' was submitted to this cluster, or its data was cleaned up.")
{
    [Id(0)]
    public JobId JobId { get; private set; } = jobId;
}
