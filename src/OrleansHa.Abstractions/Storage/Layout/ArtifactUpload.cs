using OrleansHa.Jobs;

namespace OrleansHa.Storage.Layout;

/// <summary>The checks every artifact store makes before it stores a byte, so all backends accept the same uploads.</summary>
public static class ArtifactUpload
{
    /// <summary>64 MiB: the default limit on the files of one job together.</summary>
    public const long DefaultMaxArtifactBytes = 64L * 1024 * 1024;

    /// <exception cref="ArgumentException">A file name is empty, has a directory part, starts with '.' or repeats.</exception>
    /// <exception cref="ArtifactTooLargeException">The files together exceed <paramref name="maxBytes"/>.</exception>
    public static void Validate(JobId jobId, IReadOnlyList<ArtifactFile> files, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(files);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var file in files)
        {
            var name = file.FileName;
            if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name.StartsWith('.'))
            {
                throw new ArgumentException(
                    $"Artifact file name '{name}' of job '{jobId}' is not a plain file name: give a name without " +
                    "directories, not starting with '.', such as 'MyJobs.dll'.", nameof(files));
            }

            // Names that differ only in case would be one file on a case-insensitive file system.
            if (!names.Add(name))
            {
                throw new ArgumentException(
                    $"Artifact file name '{name}' of job '{jobId}' appears more than once: upload each file once.",
                    nameof(files));
            }

            total += file.Content.Length;
        }

        if (total > maxBytes)
        {
            throw new ArtifactTooLargeException(jobId, total, maxBytes);
        }
    }
}
