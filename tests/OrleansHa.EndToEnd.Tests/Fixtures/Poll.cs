namespace OrleansHa.EndToEnd.Tests.Fixtures;

/// <summary>Waits for a condition that real processes reach in their own time, with a deadline that names what was awaited.</summary>
internal static class Poll
{
    /// <summary>Calls <paramref name="probe"/> until its value satisfies <paramref name="done"/>; errors count as not yet.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? lastError = null;
        var lastValue = default(T);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                lastValue = await probe();
                if (done(lastValue))
                {
                    return lastValue;
                }
            }
            catch (Exception exception)
            {
                lastError = exception;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(
            $"Waited {timeout} for {what}; last value: {lastValue}; last error: {lastError?.Message ?? "none"}\n{diagnostics()}");
    }
}
