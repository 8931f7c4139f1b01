using Microsoft.Extensions.Options;

namespace OrleansHa.Runtime.Options;

/// <summary>Fails the silo's start with a message that names the option which is wrong.</summary>
internal sealed class OrleansHaOptionsValidator(IOptions<OrleansHaOptions> options) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var value = options.Value;
        Require(value.MaxParallelism >= 1, "OrleansHa:MaxParallelism", value.MaxParallelism, "use 1 or more");
        Require(value.MaxParameterCharacters >= 0, "OrleansHa:MaxParameterCharacters", value.MaxParameterCharacters,
            "use 0 or more");
        Require(value.MaxArtifactBytes >= 1, "OrleansHa:MaxArtifactBytes", value.MaxArtifactBytes, "use 1 or more");
        Require(value.MinCheckpointInterval >= TimeSpan.Zero, "OrleansHa:MinCheckpointInterval",
            value.MinCheckpointInterval, "use zero or a positive time");
        Require(value.CheckpointTimeout > TimeSpan.Zero, "OrleansHa:CheckpointTimeout", value.CheckpointTimeout,
            "use a positive time");
        Require(value.CheckpointInlineThreshold >= 0, "OrleansHa:CheckpointInlineThreshold",
            value.CheckpointInlineThreshold, "use 0 (every payload in the payload store) or more bytes; the default is 20 KiB");
        Require(value.MaxConcurrentCheckpointStores >= 1, "OrleansHa:MaxConcurrentCheckpointStores",
            value.MaxConcurrentCheckpointStores, "use 1 or more; the default is 64");
        Require(value.CheckpointStoreLatencyTarget > TimeSpan.Zero, "OrleansHa:CheckpointStoreLatencyTarget",
            value.CheckpointStoreLatencyTarget, "use a positive time, well below the storage timeouts; the default is 1 s");
        Require(value.MembershipCheckInterval > TimeSpan.Zero, "OrleansHa:MembershipCheckInterval",
            value.MembershipCheckInterval, "use a positive time");
        Require(value.SubtaskCancellationTimeout > TimeSpan.Zero, "OrleansHa:SubtaskCancellationTimeout",
            value.SubtaskCancellationTimeout, "use a positive time");
        Require(value.MetricsLogPeriod >= TimeSpan.Zero, "OrleansHa:MetricsLogPeriod", value.MetricsLogPeriod,
            "use zero (no metrics log) or a positive time");
        Require(value.TaskExecutor is not null, "OrleansHa:TaskExecutor", "null", "set the task executor options");
        Require(value.TaskExecutor!.Slots >= 1, "OrleansHa:TaskExecutor:Slots", value.TaskExecutor.Slots,
            "use 1 or more; the default is the number of processors");
        Require(value.TaskExecutor.ReportTimeout > TimeSpan.Zero, "OrleansHa:TaskExecutor:ReportTimeout",
            value.TaskExecutor.ReportTimeout, "use a positive time");
        Require(value.TaskExecutor.AttemptFloorRetention > TimeSpan.Zero, "OrleansHa:TaskExecutor:AttemptFloorRetention",
            value.TaskExecutor.AttemptFloorRetention, "use a positive time, well above Orleans' response timeout");
        ValidateLeadership(value.Leadership);
        ValidateCleanup(value.Cleanup, value.History);
    }

    private static void ValidateCleanup(CleanupOptions? cleanup, HistoryOptions? history)
    {
        Require(cleanup is not null, "OrleansHa:Cleanup", "null", "set the cleanup options");
        Require(cleanup!.Strategy is not null, "OrleansHa:Cleanup:Strategy", "null",
            "use none, fixed-delay or exponential-delay (the default is exponential-delay from 1 s to 1 h)");
        Require(cleanup.ReminderPeriod >= TimeSpan.FromMinutes(1), "OrleansHa:Cleanup:ReminderPeriod", cleanup.ReminderPeriod,
            "use 1 minute or more (Orleans reminders fire at most once a minute)");
        Require(cleanup.MaxConcurrency >= 1, "OrleansHa:Cleanup:MaxConcurrency", cleanup.MaxConcurrency, "use 1 or more");
        Require(cleanup.LatencyTarget > TimeSpan.Zero, "OrleansHa:Cleanup:LatencyTarget", cleanup.LatencyTarget,
            "use a positive time, well below the storage timeouts; the default is 5 s");
        Require(history is not null, "OrleansHa:History", "null", "set the history options");
        Require(history!.Retention > TimeSpan.Zero, "OrleansHa:History:Retention", history.Retention,
            "use a positive time; the default is 7 days");
        Require(history.SweepRecordsPerTick >= 1, "OrleansHa:History:SweepRecordsPerTick", history.SweepRecordsPerTick,
            "use 1 or more; the default, 10000, is two listing requests per cleanup reminder tick");
        Require(history.RecordedIdsInMemory >= 0, "OrleansHa:History:RecordedIdsInMemory", history.RecordedIdsInMemory,
            "use 0 (every submission reads the history record) or more; the default, 1000000, takes about 22 MB on the leader's silo");
    }

    private static void ValidateLeadership(LeadershipOptions? leadership)
    {
        Require(leadership is not null, "OrleansHa:Leadership", "null", "set the leadership options");
        Require(leadership!.WatchdogInterval > TimeSpan.Zero, "OrleansHa:Leadership:WatchdogInterval",
            leadership.WatchdogInterval, "use a positive time; the default is 500 ms");
        Require(leadership.WatchdogCallTimeout > TimeSpan.Zero, "OrleansHa:Leadership:WatchdogCallTimeout",
            leadership.WatchdogCallTimeout, "use a positive time");
        Require(leadership.EpochCheckInterval > TimeSpan.Zero, "OrleansHa:Leadership:EpochCheckInterval",
            leadership.EpochCheckInterval, "use a positive time");
        Require(leadership.RecoveryConcurrency >= 1, "OrleansHa:Leadership:RecoveryConcurrency",
            leadership.RecoveryConcurrency, "use 1 or more");
        Require(leadership.RecoveryCallTimeout > TimeSpan.Zero, "OrleansHa:Leadership:RecoveryCallTimeout",
            leadership.RecoveryCallTimeout, "use a positive time");
        Require(leadership.RecoveryRetryDelay > TimeSpan.Zero, "OrleansHa:Leadership:RecoveryRetryDelay",
            leadership.RecoveryRetryDelay, "use a positive time; the default is 250 ms");
        Require(leadership.RecoveryRetryMaxDelay >= leadership.RecoveryRetryDelay, "OrleansHa:Leadership:RecoveryRetryMaxDelay",
            leadership.RecoveryRetryMaxDelay, "use at least OrleansHa:Leadership:RecoveryRetryDelay");
    }

    private static void Require(bool condition, string option, object value, string fix)
    {
        if (!condition)
        {
            throw new OrleansConfigurationException($"{option} is {value}: {fix}.");
        }
    }
}
