using OrleansHa.Runtime.Options;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class OrleansHaOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() => Validator(new OrleansHaOptions()).ValidateConfiguration();

    [Theory]
    [InlineData("WatchdogInterval", "OrleansHa:Leadership:WatchdogInterval")]
    [InlineData("WatchdogCallTimeout", "OrleansHa:Leadership:WatchdogCallTimeout")]
    [InlineData("EpochCheckInterval", "OrleansHa:Leadership:EpochCheckInterval")]
    [InlineData("RecoveryCallTimeout", "OrleansHa:Leadership:RecoveryCallTimeout")]
    [InlineData("RecoveryRetryDelay", "OrleansHa:Leadership:RecoveryRetryDelay")]
    [InlineData("ReportTimeout", "OrleansHa:TaskExecutor:ReportTimeout")]
    [InlineData("AttemptFloorRetention", "OrleansHa:TaskExecutor:AttemptFloorRetention")]
    [InlineData("LatencyTarget", "OrleansHa:Cleanup:LatencyTarget")]
    [InlineData("CheckpointStoreLatencyTarget", "OrleansHa:CheckpointStoreLatencyTarget")]
    public void ZeroTime_FailsNamingTheOption(string option, string configurationKey)
    {
        var options = new OrleansHaOptions();
        switch (option)
        {
            case "WatchdogInterval": options.Leadership.WatchdogInterval = TimeSpan.Zero; break;
            case "WatchdogCallTimeout": options.Leadership.WatchdogCallTimeout = TimeSpan.Zero; break;
            case "EpochCheckInterval": options.Leadership.EpochCheckInterval = TimeSpan.Zero; break;
            case "RecoveryCallTimeout": options.Leadership.RecoveryCallTimeout = TimeSpan.Zero; break;
            case "RecoveryRetryDelay": options.Leadership.RecoveryRetryDelay = TimeSpan.Zero; break;
            case "LatencyTarget": options.Cleanup.LatencyTarget = TimeSpan.Zero; break;
            case "CheckpointStoreLatencyTarget": options.CheckpointStoreLatencyTarget = TimeSpan.Zero; break;
            case "AttemptFloorRetention": options.TaskExecutor.AttemptFloorRetention = TimeSpan.Zero; break;
            default: options.TaskExecutor.ReportTimeout = TimeSpan.Zero; break;
        }

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.StartsWith(configurationKey + " is ", error.Message);
        Assert.Contains("positive", error.Message);
    }

    [Fact]
    public void RecoveryRetryMaxDelayBelowTheFirstDelay_FailsNamingTheOption()
    {
        var options = new OrleansHaOptions { Leadership = { RecoveryRetryDelay = TimeSpan.FromSeconds(2), RecoveryRetryMaxDelay = TimeSpan.FromSeconds(1) } };

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.StartsWith("OrleansHa:Leadership:RecoveryRetryMaxDelay is ", error.Message);
    }

    [Fact]
    public void RecoveryConcurrencyBelowOne_FailsNamingTheOption()
    {
        var options = new OrleansHaOptions { Leadership = { RecoveryConcurrency = 0 } };

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.Contains("OrleansHa:Leadership:RecoveryConcurrency is 0", error.Message);
    }

    [Fact]
    public void NegativeMetricsLogPeriod_FailsNamingTheOption()
    {
        var options = new OrleansHaOptions { MetricsLogPeriod = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.StartsWith("OrleansHa:MetricsLogPeriod is ", error.Message);
    }

    [Fact]
    public void NegativeCheckpointInlineThreshold_FailsNamingTheOption()
    {
        var options = new OrleansHaOptions { CheckpointInlineThreshold = -1 };

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.StartsWith("OrleansHa:CheckpointInlineThreshold is -1", error.Message);
    }

    [Fact]
    public void MaxConcurrentCheckpointStoresBelowOne_FailsNamingTheOption()
    {
        var options = new OrleansHaOptions { MaxConcurrentCheckpointStores = 0 };

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.StartsWith("OrleansHa:MaxConcurrentCheckpointStores is 0", error.Message);
    }

    [Fact]
    public void HistorySweepRecordsPerTickBelowOne_FailsNamingTheOption()
    {
        var options = new OrleansHaOptions { History = { SweepRecordsPerTick = 0 } };

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.StartsWith("OrleansHa:History:SweepRecordsPerTick is 0", error.Message);
    }

    [Fact]
    public void HistoryRecordedIdsInMemoryBelowZero_FailsNamingTheOption()
    {
        var options = new OrleansHaOptions { History = { RecordedIdsInMemory = -1 } };

        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());

        Assert.StartsWith("OrleansHa:History:RecordedIdsInMemory is -1", error.Message);
    }

    private static OrleansHaOptionsValidator Validator(OrleansHaOptions options) => new(Microsoft.Extensions.Options.Options.Create(options));
}
