using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using OrleansHa.Client;
using OrleansHa.Jobs;

namespace OrleansHa.Cli.Commands;

/// <summary>The commands that talk to a running cluster through the client SDK.</summary>
internal sealed class JobCommands(TextWriter output)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly HashSet<string> NeedAJobId = new(StringComparer.Ordinal) { "status", "cancel", "result", "checkpoints" };

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "submit", "list", "status", "cancel", "result", "leader", "checkpoints",
    };

    public async Task<int> RunAsync(CommandArguments args, CancellationToken cancellationToken)
    {
        // The command line is checked whole before the cluster is contacted.
        var spec = args.Command == "submit" ? ReadSpec(args) : null;
        var id = NeedAJobId.Contains(args.Command) ? JobIdArgument(args) : default;
        using var host = await ClusterConnection.ConnectAsync(args, cancellationToken);
        var client = host.Services.GetRequiredService<JobClient>();
        var json = args.Has("--json");
        switch (args.Command)
        {
            case "submit":
                var jobId = await client.SubmitAsync(spec!, args.Options("--artifact"), cancellationToken);
                if (!args.Has("--wait"))
                {
                    Write(json, new { jobId }, jobId.Value);
                    return ExitCodes.Ok;
                }

                await foreach (var details in client.WatchAsync(jobId, cancellationToken))
                {
                    if (!json && details.Result is null)
                    {
                        output.WriteLine($"{jobId} {details.Status} attempt {details.Attempt} checkpoint {details.LatestCompletedCheckpointId?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
                    }
                }

                return WriteResult(json, await client.WaitForResultAsync(jobId, cancellationToken));
            case "list":
                var jobs = await client.ListJobsAsync(cancellationToken);
                Write(json, jobs.Select(j => j.Value), string.Join(Environment.NewLine, jobs.Select(j => j.Value)));
                return ExitCodes.Ok;
            case "status":
                var status = await client.GetStatusAsync(id, cancellationToken);
                Write(json, status, $"{status.JobId} {status.Status} attempt {status.Attempt} checkpoint {status.LatestCompletedCheckpointId?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
                return ExitCodes.Ok;
            case "cancel":
                await client.CancelAsync(id, cancellationToken);
                Write(json, new { jobId = id, status = JobStatus.Canceled }, $"{id} canceled");
                return ExitCodes.Ok;
            case "result":
                return WriteResult(json, await client.WaitForResultAsync(id, cancellationToken));
            case "leader":
                var leader = await client.GetLeaderAsync(cancellationToken);
                Write(json, leader, $"{leader.SiloAddress} epoch {leader.Epoch} since {leader.Since:O}");
                return ExitCodes.Ok;
            default:
                var checkpoints = await client.GetCheckpointsAsync(id, cancellationToken);
                Write(json, checkpoints.Select(c => new { c.CheckpointId, c.Attempt, c.CompletedAt }),
                    string.Join(Environment.NewLine, checkpoints.Select(c => $"{c.CheckpointId} attempt {c.Attempt} completed {c.CompletedAt:O}")));
                return ExitCodes.Ok;
        }
    }

    private int WriteResult(bool json, JobResult result)
    {
        Write(json, result, $"{result.JobId} {result.FinalStatus} in {result.NetRuntime}: " +
            string.Join(", ", result.Accumulators.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}")) +
            (result.FailureCause is null ? "" : $" cause: {result.FailureCause}"));
        return result.FinalStatus == JobStatus.Finished ? ExitCodes.Ok : ExitCodes.JobFailed;
    }

    private void Write<T>(bool json, T value, string text) => output.WriteLine(json ? JsonSerializer.Serialize(value, Json) : text);

    private static JobId JobIdArgument(CommandArguments args)
    {
        if (args.Positional is not [var text])
        {
            throw new CliUsageException($"{args.Command} needs one job id, e.g. orleansha {args.Command} 3f2a...");
        }

        try
        {
            return new JobId(text);
        }
        catch (ArgumentException exception)
        {
            throw new CliUsageException($"'{text}' is not a job id: {exception.Message}");
        }
    }

    private static JobSpec ReadSpec(CommandArguments args)
    {
        var entryType = args.Option("--entry-type")
            ?? throw new CliUsageException("submit needs --entry-type, the job's class, e.g. OrleansHa.Examples.SumRange");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in args.Options("--param"))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--param '{pair}' is not key=value, e.g. --param n=1000");
            }

            parameters[pair[..equals]] = pair[(equals + 1)..];
        }

        foreach (var path in args.Options("--artifact").Where(p => !File.Exists(p)))
        {
            throw new CliUsageException($"--artifact '{path}' does not exist: give the path of a built assembly");
        }

        var spec = new JobSpec
        {
            JobId = args.Option("--job-id") is { } id ? new JobId(id) : JobId.New(),
            Name = args.Option("--name") ?? entryType,
            EntryType = entryType,
            Parallelism = ParseInt(args, "--parallelism", 1),
            Parameters = parameters,
            CheckpointInterval = args.Option("--checkpoint-interval") is { } interval
                ? TimeSpan.TryParse(interval, CultureInfo.InvariantCulture, out var parsed) ? parsed
                    : throw new CliUsageException($"--checkpoint-interval '{interval}' is not a time, e.g. 00:00:01")
                : TimeSpan.Zero,
            RetainedCheckpoints = ParseInt(args, "--retained-checkpoints", 1),
        };
        return args.Option("--restart-strategy") is { } strategy ? spec with { RestartStrategy = ParseRestartStrategy(strategy) } : spec;
    }

    private static RestartStrategy ParseRestartStrategy(string text)
    {
        try
        {
            return RestartStrategyText.Parse(text);
        }
        catch (FormatException exception)
        {
            throw new CliUsageException($"--restart-strategy {exception.Message}");
        }
    }

    private static int ParseInt(CommandArguments args, string name, int fallback) =>
        args.Option(name) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new CliUsageException($"{name} '{text}' is not a whole number");
}
