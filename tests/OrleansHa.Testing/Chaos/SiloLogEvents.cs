using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansHa.Testing.Chaos;

/// <summary>
/// What the silos' logs say happened, read back from their files: when each job ended, which subtasks each
/// task executor deployed, and which silo won which leadership epoch. Times are the silos' own clock (one
/// machine), as offsets from the first line read.
/// </summary>
public sealed partial class SiloLogEvents
{
    private SiloLogEvents(
        IReadOnlyDictionary<string, TimeSpan> firstEnded,
        IReadOnlyList<(TimeSpan At, string JobId, int Attempt)> deployments,
        IReadOnlyList<(TimeSpan At, string Silo, long Epoch)> leaderships)
    {
        FirstEnded = firstEnded;
        Deployments = deployments;
        Leaderships = leaderships;
    }

    /// <summary>When each job was first logged as ended (FINISHED, FAILED or CANCELED).</summary>
    public IReadOnlyDictionary<string, TimeSpan> FirstEnded { get; }

    public IReadOnlyList<(TimeSpan At, string JobId, int Attempt)> Deployments { get; }

    /// <summary>Every leadership won, in the order of time.</summary>
    public IReadOnlyList<(TimeSpan At, string Silo, long Epoch)> Leaderships { get; }

    /// <summary>
    /// Reads the logs. They need the task executor's deployments, logged at Debug:
    /// <c>--Logging:LogLevel:OrleansHa.Runtime.Execution=Debug</c>.
    /// </summary>
    public static SiloLogEvents Read(IEnumerable<string> logPaths)
    {
        var lines = logPaths.SelectMany(ReadShared).ToList();
        TimeSpan? origin = null;
        var firstEnded = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var deployments = new List<(TimeSpan, string, int)>();
        var leaderships = new List<(TimeSpan, string, long)>();
        foreach (var line in lines)
        {
            if (line.Length < 12 || !TimeSpan.TryParseExact(line[..12], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture, out var time))
            {
                continue;
            }

            origin ??= time;

            // A run that crosses midnight: a time far before the first line is on the next day.
            var at = time - origin.Value < TimeSpan.FromHours(-12) ? time + TimeSpan.FromDays(1) - origin.Value : time - origin.Value;
            if (Ended().Match(line) is { Success: true } ended)
            {
                var jobId = ended.Groups["job"].Value;
                firstEnded[jobId] = firstEnded.TryGetValue(jobId, out var earlier) && earlier < at ? earlier : at;
            }
            else if (Deployed().Match(line) is { Success: true } deployed)
            {
                deployments.Add((at, deployed.Groups["job"].Value, int.Parse(deployed.Groups["attempt"].Value, CultureInfo.InvariantCulture)));
            }
            else if (Leads().Match(line) is { Success: true } leads)
            {
                leaderships.Add((at, leads.Groups["silo"].Value, long.Parse(leads.Groups["epoch"].Value, CultureInfo.InvariantCulture)));
            }
        }

        return new SiloLogEvents(firstEnded, deployments, [.. leaderships.OrderBy(l => l.Item1)]);
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    [GeneratedRegex(@"OrleansHa\.Runtime\.Jobs\.JobGrain\[3204\] Job (?<job>\S+) ended ")]
    private static partial Regex Ended();

    [GeneratedRegex(@"OrleansHa\.Runtime\.Execution\.TaskExecutorService\[3100\] Deployed subtasks \S+ of job (?<job>\S+) attempt (?<attempt>\d+)")]
    private static partial Regex Deployed();

    [GeneratedRegex(@"OrleansHa\.Runtime\.Leader\.JobManagerGrain\[3010\] This silo \((?<silo>\S+)\) leads the cluster with epoch (?<epoch>\d+)")]
    private static partial Regex Leads();
}
