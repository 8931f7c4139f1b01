using OrleansHa.Testing.Azurite;
using OrleansHa.Testing.Silo;
using OrleansHa.Testing.ZooKeeper;

namespace OrleansHa.Testing.Chaos;

/// <summary>
/// Injects one fault at a time, each healed before the next: kill -9 of the leader's silo or of a random
/// silo and its restart, kill -9 of a ZooKeeper node and its restart, and Azurite paused (SIGSTOP) for a few
/// seconds. The kinds come in rounds, each a shuffle of all four, so a short run still meets every kind and the
/// leader's silo dies in a quarter of the faults. Bounded by the settings' duration and fault count; every
/// fault is healed before <see cref="RunAsync"/> returns.
/// </summary>
public sealed class FaultInjector(
    ChaosSettings settings,
    SiloProcessCluster silos,
    ZooKeeperEnsemble zooKeeper,
    AzuriteServer azurite,
    Func<Task<int?>> leaderSiloIndex)
{
    private readonly Random _random = new(settings.Seed);
    private readonly List<ChaosFault> _faults = [];

    public IReadOnlyList<ChaosFault> Faults => _faults;

    public async Task RunAsync(CancellationToken stop)
    {
        Func<Task>[] kinds = [() => KillSiloAsync(leader: true), () => KillSiloAsync(leader: false), KillZooKeeperNodeAsync, PauseAzuriteAsync];
        var round = new Queue<Func<Task>>();
        while (_faults.Count < settings.MaxFaults && !stop.IsCancellationRequested)
        {
            if (!await DelayAsync(Between(settings.MinFaultGap, settings.MaxFaultGap), stop))
            {
                return;
            }

            if (round.Count == 0)
            {
                var shuffled = kinds.ToArray();
                _random.Shuffle(shuffled);
                round = new Queue<Func<Task>>(shuffled);
            }

            await round.Dequeue()();
        }
    }

    private async Task KillSiloAsync(bool leader)
    {
        var leaderIndex = leader ? await leaderSiloIndex() : null;
        var victim = leaderIndex ?? _random.Next(silos.Silos.Count);
        var fault = Record(leaderIndex is null ? "kill -9 silo" : "kill -9 leader's silo", $"{victim} (port {silos.Silos[victim].SiloPort})");
        silos.Silos[victim].Process.Kill();
        await Task.Delay(Between(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)));
        silos.Restart(victim);
        fault.HealedAt = DateTime.UtcNow;
    }

    private async Task KillZooKeeperNodeAsync()
    {
        var node = zooKeeper.Nodes[_random.Next(zooKeeper.Nodes.Count)];
        var fault = Record("kill -9 ZooKeeper node", $"{node.Id} (port {node.ClientPort})");
        node.Kill();
        await Task.Delay(Between(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)));
        node.Start();
        fault.HealedAt = DateTime.UtcNow;
    }

    private async Task PauseAzuriteAsync()
    {
        var fault = Record("SIGSTOP Azurite", $"blob port {azurite.BlobPort}");
        azurite.Pause();
        try
        {
            await Task.Delay(Between(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)));
        }
        finally
        {
            azurite.Resume();
            fault.HealedAt = DateTime.UtcNow;
        }
    }

    private ChaosFault Record(string kind, string target)
    {
        var fault = new ChaosFault(DateTime.UtcNow, kind, target);
        _faults.Add(fault);
        return fault;
    }

    private TimeSpan Between(TimeSpan min, TimeSpan max) => min + (max - min) * _random.NextDouble();

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
