namespace OrleansHa.Jobs;

/// <summary>One assembly file a client uploads with its job submission.</summary>
/// <param name="FileName">A plain file name such as <c>MyJobs.dll</c>, no directories.</param>
/// <param name="Content">The file's bytes.</param>
[GenerateSerializer]
[Alias("orleansha.JobArtifactFile")]
[Immutable]
public sealed record JobArtifactFile([property: Id(0)] string FileName, [property: Id(1)] byte[] Content);
