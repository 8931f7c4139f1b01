using System.Collections.Concurrent;

namespace OrleansHa.Storage.Tests.Reminders;

public interface IReminderTestGrain : IGrainWithStringKey
{
    Task RegisterAsync(string reminderName, TimeSpan period);
}

/// <summary>Registers a reminder on request and reports each tick, with the silo it ran on, to <see cref="ReminderTicks"/>.</summary>
public sealed class ReminderTestGrain(ILocalSiloDetails silo) : Grain, IReminderTestGrain, IRemindable
{
    public async Task RegisterAsync(string reminderName, TimeSpan period) =>
        await this.RegisterOrUpdateReminder(reminderName, period, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Report(this.GetPrimaryKeyString(), silo.SiloAddress);
        return Task.CompletedTask;
    }
}

/// <summary>Where the test grain's ticks go: a test awaits the first tick of a grain on a given silo.</summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<(string Grain, SiloAddress Silo), TaskCompletionSource> Expected = new();

    public static Task FirstTickAsync(string grainKey, SiloAddress silo) =>
        Expected.GetOrAdd((grainKey, silo), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void Report(string grainKey, SiloAddress silo) =>
        Expected.GetOrAdd((grainKey, silo), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
