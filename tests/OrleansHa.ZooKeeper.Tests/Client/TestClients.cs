using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansHa.ZooKeeper.Client;
using Xunit;

namespace OrleansHa.ZooKeeper.Tests.Client;

/// <summary>Clients and znodes for tests: generous connect timeouts, one fresh root node per test.</summary>
internal static class TestClients
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a test waits for an event before it fails instead of hanging.</summary>
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    public static Task<IZooKeeperClient> ConnectAsync(
        string connectionString, TimeSpan? sessionTimeout = null, ILoggerFactory? loggerFactory = null) =>
        new ZooKeeperClientFactory(loggerFactory ?? NullLoggerFactory.Instance).ConnectAsync(
            connectionString, sessionTimeout ?? DefaultSessionTimeout, ConnectTimeout, TestContext.Current.CancellationToken);

    /// <summary>A new persistent node with a unique name under the root, for one test's nodes.</summary>
    public static Task<string> CreateTestRootAsync(this IZooKeeperClient client) =>
        client.CreateAsync($"/test-{Guid.NewGuid():N}", Bytes("root"), ZooKeeperCreateMode.Persistent, TestContext.Current.CancellationToken);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] data) => Encoding.UTF8.GetString(data);

    /// <summary>Polls until <paramref name="condition"/> holds; fails after <paramref name="timeout"/> instead of hanging.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout ?? EventTimeout);
        while (!await condition())
        {
            await Task.Delay(20, cancellation.Token);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    /// <summary>Waits for a task with the test's cancellation and a bound, so a lost event fails rather than hangs.</summary>
    public static Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout ?? EventTimeout, TestContext.Current.CancellationToken);

    public static Task Within(this Task task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout ?? EventTimeout, TestContext.Current.CancellationToken);
}
