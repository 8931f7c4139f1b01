using OrleansHa.Jobs;
using OrleansHa.Runtime.Execution;
using OrleansHa.Runtime.Options;

namespace OrleansHa.Runtime.Leader;

/// <summary>Rejects at submission what can be known wrong then, each with a message that says how to fix it.</summary>
internal static class JobSubmissionValidator
{
    /// <exception cref="JobSpecValidationException">A field is invalid.</exception>
    /// <exception cref="UnknownJobTypeException">A deployed entry type does not exist on the silos.</exception>
    /// <exception cref="InvalidJobTypeException">A deployed entry type cannot run as a job.</exception>
    public static void Validate(JobSpec? spec, IReadOnlyList<JobArtifactFile>? files, OrleansHaOptions options)
    {
        if (spec is null)
        {
            throw new JobSpecValidationException("spec", "it is missing. Pass a JobSpec.");
        }

        // Deserialization does not run JobId's constructor, so its rules are checked again here.
        if (!JobId.IsValid(spec.JobId.Value, out var reason))
        {
            throw new JobSpecValidationException(nameof(JobSpec.JobId), $"'{spec.JobId.Value}' is not a valid job id: {reason}");
        }

        if (string.IsNullOrWhiteSpace(spec.EntryType))
        {
            throw new JobSpecValidationException(nameof(JobSpec.EntryType),
                "it is empty. Name the class that implements IJobTask, as Namespace.Type.");
        }

        if (spec.Parallelism < 1 || spec.Parallelism > options.MaxParallelism)
        {
            throw new JobSpecValidationException(nameof(JobSpec.Parallelism),
                $"it is {spec.Parallelism}; use 1 to {options.MaxParallelism} (OrleansHa:MaxParallelism).");
        }

        if (spec.CheckpointInterval < TimeSpan.Zero)
        {
            throw new JobSpecValidationException(nameof(JobSpec.CheckpointInterval),
                $"it is {spec.CheckpointInterval}, a negative time. Use zero to turn checkpoints off, or a positive interval.");
        }

        if (spec.CheckpointInterval > TimeSpan.Zero && spec.CheckpointInterval < options.MinCheckpointInterval)
        {
            throw new JobSpecValidationException(nameof(JobSpec.CheckpointInterval),
                $"it is {spec.CheckpointInterval}, shorter than the minimum {options.MinCheckpointInterval} " +
                "(OrleansHa:MinCheckpointInterval).");
        }

        if (spec.RetainedCheckpoints < 1)
        {
            throw new JobSpecValidationException(nameof(JobSpec.RetainedCheckpoints),
                $"it is {spec.RetainedCheckpoints}; keep at least 1 completed checkpoint.");
        }

        if (spec.RestartStrategy is null)
        {
            throw new JobSpecValidationException(nameof(JobSpec.RestartStrategy),
                "it is missing; use RestartStrategy.None to never restart.");
        }

        if (spec.RestartStrategy.Validate() is { } strategyProblem)
        {
            throw new JobSpecValidationException(nameof(JobSpec.RestartStrategy), strategyProblem);
        }

        ValidateParameters(spec, options);
        files ??= [];
        ValidateArtifact(spec, files, options);
        if (files.Count == 0)
        {
            // A deployed type is on every silo, this one included: a wrong name is known now.
            JobTypeResolver.ResolveDeployed(spec.EntryType);
        }
    }

    private static void ValidateParameters(JobSpec spec, OrleansHaOptions options)
    {
        if (spec.Parameters is null)
        {
            throw new JobSpecValidationException(nameof(JobSpec.Parameters), "it is null; pass an empty dictionary.");
        }

        long size = 0;
        foreach (var (key, value) in spec.Parameters)
        {
            if (string.IsNullOrEmpty(key) || value is null)
            {
                throw new JobSpecValidationException(nameof(JobSpec.Parameters),
                    $"the parameter '{key}' has an empty name or a null value.");
            }

            size += key.Length + value.Length;
        }

        if (size > options.MaxParameterCharacters)
        {
            throw new JobSpecValidationException(nameof(JobSpec.Parameters),
                $"they hold {size} characters, more than the limit of {options.MaxParameterCharacters} " +
                "(OrleansHa:MaxParameterCharacters). Pass large inputs as files or blobs and their location as a parameter.");
        }
    }

    private static void ValidateArtifact(JobSpec spec, IReadOnlyList<JobArtifactFile> files, OrleansHaOptions options)
    {
        if (spec.Artifact is { Count: > 0 })
        {
            throw new JobSpecValidationException(nameof(JobSpec.Artifact),
                "it is filled in by the cluster when the files are stored. Leave it empty and pass the assembly files.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var file in files)
        {
            if (file?.Content is null || string.IsNullOrWhiteSpace(file.FileName) ||
                file.FileName != Path.GetFileName(file.FileName) || file.FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw new JobSpecValidationException("ArtifactFiles",
                    $"the file '{file?.FileName}' has no content or is not a plain file name. Pass names like 'MyJobs.dll'.");
            }

            if (!names.Add(file.FileName))
            {
                throw new JobSpecValidationException("ArtifactFiles", $"the file '{file.FileName}' appears twice.");
            }

            total += file.Content.Length;
        }

        if (files.Count > 0 && !files.Any(f => f.FileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            throw new JobSpecValidationException("ArtifactFiles", "no file is a .dll assembly. Upload the job's assemblies.");
        }

        if (total > options.MaxArtifactBytes)
        {
            throw new JobSpecValidationException("ArtifactFiles",
                $"the files hold {total} bytes, more than the limit of {options.MaxArtifactBytes} bytes " +
                "(OrleansHa:MaxArtifactBytes). Upload fewer or smaller assemblies, or raise the limit.");
        }
    }
}
