using System.Text.Json;
using OrleansHa.Testing;
using OrleansHa.Testing.Cli;
using OrleansHa.Testing.Silo;

namespace OrleansHa.EndToEnd.Tests.Fixtures;

/// <summary>The <c>orleansha</c> process pointed at one silo-process cluster through ZooKeeper.</summary>
internal sealed class ClusterCli(SiloProcessCluster cluster)
{
    /// <summary>How long the CLI itself retries while a leader changes (its --timeout).</summary>
    private const string RetrySeconds = "60";

    public Task<CommandRun> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync([.. arguments, .. cluster.CliArguments, "--timeout", RetrySeconds], TimeSpan.FromMinutes(4));

    /// <summary>Runs a <c>--json</c> command that must succeed and returns its parsed output.</summary>
    public async Task<JsonElement> JsonAsync(params string[] arguments)
    {
        var run = await RunAsync([.. arguments, "--json"]);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"orleansha {string.Join(' ', arguments)} failed: {run}");
        }

        using var document = JsonDocument.Parse(run.Output);
        return document.RootElement.Clone();
    }

    public async Task<(string Silo, long Epoch)> LeaderAsync()
    {
        var leader = await JsonAsync("leader");
        return (leader.GetProperty("siloAddress").GetString()!, leader.GetProperty("epoch").GetInt64());
    }
}
