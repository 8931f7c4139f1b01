using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// Routes libzookeeper's own log into ILogger. The library's log callback carries no context, and its level is
/// process-wide (zoo_set_debug_level), so the sink is process-wide too: the last configured logger wins.
/// </summary>
internal static unsafe partial class NativeLog
{
    public const string CategoryName = "OrleansHa.ZooKeeper.Native";

    // zoo_set_debug_level's ZooLogLevel.
    private const int LibraryError = 1;
    private const int LibraryWarn = 2;
    private const int LibraryInfo = 3;
    private const int LibraryDebug = 4;

    private static ILogger _logger = NullLogger.Instance;

    /// <summary>How long the repeats of an Information, Warning or Error line are held back.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(10);

    private static readonly RepeatedLineFilter Repeats = new((long)RepeatWindow.TotalMilliseconds);

    public static ILogger Logger => Volatile.Read(ref _logger);

    public static delegate* unmanaged[Cdecl]<byte*, void> Callback => &OnLibraryMessage;

    /// <summary>Sends the library's messages to <paramref name="loggerFactory"/> at the level that logger lets through.</summary>
    public static void Configure(ILoggerFactory loggerFactory)
    {
        NativeLibraryInfo.Get();
        var logger = loggerFactory.CreateLogger(CategoryName);
        Volatile.Write(ref _logger, logger);
        NativeMethods.SetDebugLevel(
            logger.IsEnabled(LogLevel.Debug) ? LibraryDebug
            : logger.IsEnabled(LogLevel.Information) ? LibraryInfo
            : logger.IsEnabled(LogLevel.Warning) ? LibraryWarn
            : LibraryError);
    }

    /// <summary>Called by every native callback that caught an exception: nothing may unwind into C.</summary>
    public static void CallbackFailed(Exception exception, string callback)
    {
        try
        {
            NativeCallbackFailed(Logger, exception, callback);
        }
        catch
        {
            // Logging itself failed; there is nowhere left to report it, and C must not see the exception.
        }
    }

    /// <summary>
    /// Splits "time:pid(0xtid):ZOO_LEVEL@function@line: message" into a log level and "function@line: message"
    /// (the logger stamps its own time and thread).
    /// </summary>
    internal static (LogLevel Level, string Text) Parse(string line)
    {
        var marker = line.IndexOf(":ZOO_", StringComparison.Ordinal);
        if (marker < 0)
        {
            return (LogLevel.Information, line);
        }

        var levelStart = marker + 1;
        var levelEnd = line.IndexOf('@', levelStart);
        if (levelEnd < 0)
        {
            return (LogLevel.Information, line);
        }

        var level = line[levelStart..levelEnd] switch
        {
            "ZOO_ERROR" => LogLevel.Error,
            "ZOO_WARN" => LogLevel.Warning,
            "ZOO_DEBUG" => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        return (level, line[(levelEnd + 1)..].TrimEnd('\n'));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLibraryMessage(byte* message)
    {
        try
        {
            var logger = Logger;
            var line = NativeStrings.FromUtf8(message);
            if (line is null)
            {
                return;
            }

            var (level, text) = Parse(line);
            if (!logger.IsEnabled(level))
            {
                return;
            }

            // Debug lines are wanted whole by whoever turns them on.
            if (level == LogLevel.Debug)
            {
                LibraryMessage(logger, level, text);
            }
            else if (Repeats.ShouldLog(text, Environment.TickCount64, out var heldBack))
            {
                if (heldBack == 0)
                {
                    LibraryMessage(logger, level, text);
                }
                else
                {
                    RepeatedLibraryMessage(logger, level, text, heldBack, RepeatWindow);
                }
            }
        }
        catch (Exception e)
        {
            CallbackFailed(e, "log");
        }
    }

    [LoggerMessage(EventId = 1000, Message = "libzookeeper: {Text}")]
    private static partial void LibraryMessage(ILogger logger, LogLevel level, string text);

    [LoggerMessage(EventId = 1002, Message = "libzookeeper: {Text} (its {Repeats} repeats within {Window} before this were not logged)")]
    private static partial void RepeatedLibraryMessage(ILogger logger, LogLevel level, string text, int repeats, TimeSpan window);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error,
        Message = "A ZooKeeper {Callback} callback failed; the exception was kept from the native library")]
    private static partial void NativeCallbackFailed(ILogger logger, Exception exception, string callback);
}
