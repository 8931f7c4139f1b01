using System.Runtime.InteropServices;
using System.Text;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// Native memory for one call that the library reads or writes after the call returns (a multi's operations,
/// results, created-path buffers and stats). The GC never moves or frees it; its owner frees it once, when the
/// completion has fired or the session is closed.
/// </summary>
internal sealed unsafe class NativeArena : IDisposable
{
    private readonly List<nint> _blocks = [];

    public T* Allocate<T>(int count)
        where T : unmanaged => (T*)Allocate((nuint)(sizeof(T) * Math.Max(count, 1)));

    public byte* Allocate(nuint size)
    {
        var block = NativeMemory.AllocZeroed(Math.Max(size, 1));
        _blocks.Add((nint)block);
        return (byte*)block;
    }

    /// <summary>A NUL-terminated UTF-8 copy.</summary>
    public byte* Utf8(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var copy = Allocate((nuint)length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(copy, length));
        return copy;
    }

    public byte* Copy(ReadOnlySpan<byte> data)
    {
        var copy = Allocate((nuint)data.Length);
        data.CopyTo(new Span<byte>(copy, data.Length));
        return copy;
    }

    public void Dispose()
    {
        foreach (var block in _blocks)
        {
            NativeMemory.Free((void*)block);
        }

        _blocks.Clear();
    }
}
