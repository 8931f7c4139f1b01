namespace OrleansHa.Client;

/// <summary>The cluster did not answer within <see cref="JobClientOptions.RetryTimeout"/>, though the client kept trying.</summary>
public sealed class ClusterUnavailableException(string operation, TimeSpan retryTimeout, Exception lastError)
    : Exception($"The OrleansHa cluster did not answer '{operation}' within {retryTimeout} of retries (last error: " +
                $"{lastError.Message}). Check that its silos run and that this client reaches their gateways.", lastError)
{
    public string Operation { get; } = operation;
}
