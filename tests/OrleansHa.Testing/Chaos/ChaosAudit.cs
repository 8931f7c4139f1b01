using OrleansHa.Jobs;
using OrleansHa.Storage.Layout;
using OrleansHa.Testing.Silo;

namespace OrleansHa.Testing.Chaos;

/// <summary>
/// The checks at the end of a chaos run, once every job has ended and the dirty entries have drained. Each
/// violation names the job ids involved.
/// </summary>
public static class ChaosAudit
{
    /// <summary>
    /// A deployment logged this long after the job's end still counts as part of it: the executor logs after it
    /// starts the subtasks, and a tiny job can end before that line is written.
    /// </summary>
    private static readonly TimeSpan LogSkew = TimeSpan.FromSeconds(1);

    public static async Task<IReadOnlyList<string>> CheckAsync(
        ChaosWorkload workload, SiloProcessCluster cluster, SiloLogEvents logs, CancellationToken cancellationToken)
    {
        var violations = new List<string>(workload.Problems);
        var accepted = workload.Submitted.Values.Where(j => j.AcceptedAt is not null).Select(j => j.Spec.JobId.Value).ToHashSet(StringComparer.Ordinal);
        Report(violations, "submitted but never accepted", workload.Submitted.Values.Where(j => j.AcceptedAt is null).Select(j => j.Spec.JobId.Value));

        Report(violations, "no result or a wrong one", workload.Submitted.Values
            .Where(j => j.AcceptedAt is not null)
            .Where(j => !workload.Results.TryGetValue(j.Spec.JobId, out var result)
                || result.FinalStatus != JobStatus.Finished
                || result.Accumulators.GetValueOrDefault("sum") != j.ExpectedSum)
            .Select(j => workload.Results.TryGetValue(j.Spec.JobId, out var r)
                ? $"{j.Spec.JobId} ({r.FinalStatus}, sum {r.Accumulators.GetValueOrDefault("sum")}, expected {j.ExpectedSum}{(r.FailureCause is null ? "" : ", " + r.FailureCause)})"
                : $"{j.Spec.JobId} (no result)"));

        var layout = cluster.Layout;
        var blobs = await cluster.ListBlobNamesAsync(layout.ClusterPrefix, cancellationToken);
        var history = JobIdsUnder(blobs, layout.HistoryPrefix, HaStorageLayout.JsonExtension);
        var entries = blobs.Where(b => b.StartsWith(layout.JobResultStorePrefix, StringComparison.Ordinal)).Select(b => b[layout.JobResultStorePrefix.Length..]).ToList();
        var clean = entries.Where(e => !e.EndsWith(HaStorageLayout.DirtySuffix, StringComparison.Ordinal)).Select(e => e[..^HaStorageLayout.JsonExtension.Length]).ToList();
        Report(violations, "history records missing (a lost submission)", accepted.Except(history));
        Report(violations, "history records of jobs nobody submitted (a doubled submission)", history.Except(accepted));
        Report(violations, "dirty JobResultStore entries left", entries.Where(e => e.EndsWith(HaStorageLayout.DirtySuffix, StringComparison.Ordinal)));
        Report(violations, "clean JobResultStore entries missing", accepted.Except(clean));
        Report(violations, "JobResultStore entries of jobs nobody submitted", clean.Except(accepted));

        // Everything of a cleaned job but its history record and its clean entry must be gone.
        Report(violations, "HA data left of a cleaned job", blobs
            .Where(b => !b.StartsWith(layout.HistoryPrefix, StringComparison.Ordinal) && !b.StartsWith(layout.JobResultStorePrefix, StringComparison.Ordinal))
            .Where(b => b[layout.ClusterPrefix.Length..].Split('/').Any(accepted.Contains)));

        Report(violations, "subtasks deployed after the job had ended", logs.Deployments
            .Where(d => logs.FirstEnded.TryGetValue(d.JobId, out var ended) && d.At > ended + LogSkew)
            .Select(d => $"{d.JobId} attempt {d.Attempt} at +{d.At.TotalSeconds:0.000} s, ended at +{logs.FirstEnded[d.JobId].TotalSeconds:0.000} s"));

        // The epoch is the fencing token: each is won once, and never after a higher one.
        Report(violations, "a leadership epoch won twice", logs.Leaderships.GroupBy(l => l.Epoch).Where(g => g.Count() > 1)
            .Select(g => $"epoch {g.Key} by {string.Join(", ", g.Select(l => l.Silo))}"));
        Report(violations, "a lower epoch won after a higher one", logs.Leaderships.Zip(logs.Leaderships.Skip(1))
            .Where(p => p.Second.Epoch < p.First.Epoch)
            .Select(p => $"epoch {p.Second.Epoch} at +{p.Second.At.TotalSeconds:0.000} s after epoch {p.First.Epoch}"));
        return violations;
    }

    private static HashSet<string> JobIdsUnder(IEnumerable<string> blobs, string prefix, string suffix) =>
        blobs.Where(b => b.StartsWith(prefix, StringComparison.Ordinal) && b.EndsWith(suffix, StringComparison.Ordinal))
            .Select(b => b[prefix.Length..^suffix.Length])
            .ToHashSet(StringComparer.Ordinal);

    private static void Report(List<string> violations, string what, IEnumerable<string> jobs)
    {
        var list = jobs.Order(StringComparer.Ordinal).ToList();
        if (list.Count > 0)
        {
            violations.Add($"{what} ({list.Count}): {string.Join(", ", list.Take(20))}{(list.Count > 20 ? ", ..." : "")}");
        }
    }
}
