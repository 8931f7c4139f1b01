using System.Runtime.InteropServices;
using System.Text;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>struct Stat of zookeeper.jute.h; sequential layout gives C's padding after aversion.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeStat
{
    public long Czxid;
    public long Mzxid;
    public long Ctime;
    public long Mtime;
    public int Version;
    public int Cversion;
    public int Aversion;
    public long EphemeralOwner;
    public int DataLength;
    public int NumChildren;
    public long Pzxid;

    public readonly ZooKeeperStat ToManaged() => new(
        Czxid, Mzxid, Ctime, Mtime, Version, Cversion, Aversion, EphemeralOwner, DataLength, NumChildren, Pzxid);
}

/// <summary>clientid_t: the session id and its password.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeClientId
{
    public long Id;
    public fixed byte Password[16];
}

/// <summary>struct String_vector of zookeeper.jute.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeStringVector
{
    public int Count;
    public byte** Data;
}

/// <summary>
/// zoo_op_t, kept opaque: only zoo_*_op_init fill it. Its size is the int type plus the union's largest member,
/// create_op (path, data, datalen, buf, buflen, acl, flags, ttl: 64 bytes with padding), 8-byte aligned.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 72)]
internal struct NativeOp
{
    private readonly long _alignment;
}

/// <summary>zoo_op_result_t: the library writes err, and for creates the path into value, for sets the stat.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeOpResult
{
    public int Error;
    public byte* Value;
    public int ValueLength;
    public NativeStat* Stat;
}

internal static unsafe class NativeStrings
{
    /// <summary>A NUL-terminated UTF-8 string the library owns; null stays null.</summary>
    public static string? FromUtf8(byte* value) =>
        value is null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));

    public static string[] FromVector(NativeStringVector* vector)
    {
        if (vector is null || vector->Count <= 0)
        {
            return [];
        }

        var names = new string[vector->Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = FromUtf8(vector->Data[i]) ?? string.Empty;
        }

        return names;
    }
}
