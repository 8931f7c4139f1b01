namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// Lets the first of identical library log lines through and holds back its repeats for a window. While an
/// ensemble is unreachable, libzookeeper warns "Delaying connection after exhaustively trying all servers"
/// about six times a second per session, which would bury every other line of a silo's log. The number held
/// back is told with the line's next occurrence after the window; a line that never recurs loses that count.
/// </summary>
internal sealed class RepeatedLineFilter(long windowMilliseconds, int capacity = 64)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Seen> _lines = new(StringComparer.Ordinal);

    /// <summary>Whether to log <paramref name="text"/> at <paramref name="nowMilliseconds"/> (a monotonic clock).</summary>
    /// <param name="heldBack">When logged: how many repeats of the line the window before held back.</param>
    public bool ShouldLog(string text, long nowMilliseconds, out int heldBack)
    {
        lock (_gate)
        {
            if (_lines.TryGetValue(text, out var seen) && nowMilliseconds - seen.Since < windowMilliseconds)
            {
                seen.HeldBack++;
                heldBack = 0;
                return false;
            }

            heldBack = seen?.HeldBack ?? 0;
            if (seen is null && _lines.Count >= capacity)
            {
                Forget(nowMilliseconds);
            }

            _lines[text] = new Seen(nowMilliseconds);
            return true;
        }
    }

    /// <summary>Drops the lines whose window is over, or all of them when every window is still open.</summary>
    private void Forget(long nowMilliseconds)
    {
        foreach (var (text, seen) in _lines.Where(l => nowMilliseconds - l.Value.Since >= windowMilliseconds).ToList())
        {
            _lines.Remove(text);
        }

        if (_lines.Count >= capacity)
        {
            _lines.Clear();
        }
    }

    private sealed class Seen(long since)
    {
        public long Since { get; } = since;

        public int HeldBack { get; set; }
    }
}
