namespace OrleansHa.Client;

/// <summary>Options of <see cref="JobClient"/> (configuration section <c>OrleansHa:Client</c>).</summary>
public sealed class JobClientOptions
{
    /// <summary>
    /// How long a call that fails while the leader or a job's silo changes is retried before it fails with
    /// <see cref="ClusterUnavailableException"/>. Failover takes about 2 s; the default leaves room for more.
    /// </summary>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt of a call may take before it counts as failed and is retried.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often waiting and watching ask the job for its status.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Throws with the option's name when a value cannot work.</summary>
    public void Validate()
    {
        Require(RetryTimeout > TimeSpan.Zero, nameof(RetryTimeout), RetryTimeout);
        Require(CallTimeout > TimeSpan.Zero, nameof(CallTimeout), CallTimeout);
        Require(PollInterval > TimeSpan.Zero, nameof(PollInterval), PollInterval);
    }

    private static void Require(bool condition, string option, TimeSpan value)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, value, $"OrleansHa:Client:{option} is {value}: use a positive time.");
        }
    }
}
