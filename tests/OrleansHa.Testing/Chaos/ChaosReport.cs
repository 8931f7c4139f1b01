using System.Text;

namespace OrleansHa.Testing.Chaos;

/// <summary>What a chaos run did and found: the workload, the faults, and every violated guarantee.</summary>
public sealed record ChaosReport(
    ChaosSettings Settings,
    TimeSpan Elapsed,
    int Submitted,
    int Accepted,
    int UnansweredSubmissions,
    int Results,
    int SlowJobs,
    IReadOnlyList<ChaosFault> Faults,
    IReadOnlyList<string> Violations,
    SiloLogEvents Logs)
{
    public override string ToString()
    {
        var text = new StringBuilder()
            .AppendLine($"chaos run: seed {Settings.Seed}, faults for {Settings.Duration}, {Elapsed.TotalSeconds:0} s in all")
            .AppendLine($"jobs: {Submitted} submitted ({SlowJobs} with checkpoints), {Accepted} accepted, {UnansweredSubmissions} submissions unanswered and sent again, {Results} results read")
            .AppendLine($"silo logs: {Logs.FirstEnded.Count} jobs ended, {Logs.Deployments.Count} deployments, leadership epochs {string.Join(", ", Logs.Leaderships.Select(l => l.Epoch))}")
            .AppendLine($"faults ({Faults.Count}): " + string.Join("; ", Faults.GroupBy(f => f.Kind).Select(g => $"{g.Count()} x {g.Key}")));
        foreach (var fault in Faults)
        {
            text.AppendLine("  " + fault);
        }

        text.AppendLine(Violations.Count == 0 ? "violations: none" : $"violations ({Violations.Count}):");
        foreach (var violation in Violations)
        {
            text.AppendLine("  " + violation);
        }

        return text.ToString();
    }
}
