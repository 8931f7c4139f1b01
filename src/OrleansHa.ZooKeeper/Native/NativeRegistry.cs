using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>Something the library refers to by a number while a session lives.</summary>
internal interface INativeSessionItem
{
    NativeSession Session { get; }
}

/// <summary>
/// Hands the library numbers instead of object pointers as callback contexts. A callback that arrives for a number
/// already taken (a call failed synchronously, or settled by close) finds nothing and does nothing, where a stale
/// GCHandle would crash the process.
/// </summary>
internal sealed class NativeRegistry<T>
    where T : class, INativeSessionItem
{
    private readonly ConcurrentDictionary<nint, T> _items = new();
    private long _lastId;

    public int Count => _items.Count;

    public nint Add(T item)
    {
        var id = (nint)Interlocked.Increment(ref _lastId);
        _items[id] = item;
        return id;
    }

    public bool TryGet(nint id, [MaybeNullWhen(false)] out T item) => _items.TryGetValue(id, out item);

    /// <summary>Removes the item: exactly one caller wins it.</summary>
    public bool TryTake(nint id, [MaybeNullWhen(false)] out T item) => _items.TryRemove(id, out item);

    /// <summary>Takes every item of a session, once the library can no longer call back for it.</summary>
    public List<T> TakeAll(NativeSession session)
    {
        var taken = new List<T>();
        foreach (var (id, item) in _items)
        {
            if (item.Session == session && _items.TryRemove(id, out var removed))
            {
                taken.Add(removed);
            }
        }

        return taken;
    }
}
