using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// The functions the library calls back, on its completion thread. Each copies what it needs out of the
/// library's memory (valid only during the call), hands the result to a task or a queue, and returns: it never
/// runs user code here, never blocks, and never lets an exception reach C, which would end the process.
/// </summary>
internal static unsafe class NativeCallbacks
{
    public static delegate* unmanaged[Cdecl]<nint, int, int, byte*, nint, void> SessionWatcher => &OnSessionEvent;

    public static delegate* unmanaged[Cdecl]<nint, int, int, byte*, nint, void> NodeWatcher => &OnNodeEvent;

    public static delegate* unmanaged[Cdecl]<int, byte*, nint, void> StringCompletion => &OnString;

    public static delegate* unmanaged[Cdecl]<int, byte*, int, NativeStat*, nint, void> DataCompletion => &OnData;

    public static delegate* unmanaged[Cdecl]<int, NativeStat*, nint, void> StatCompletion => &OnStat;

    public static delegate* unmanaged[Cdecl]<int, NativeStringVector*, NativeStat*, nint, void> ChildrenCompletion =>
        &OnChildren;

    public static delegate* unmanaged[Cdecl]<int, nint, void> VoidCompletion => &OnVoid;

    public static delegate* unmanaged[Cdecl]<int, nint, void> MultiCompletion => &OnMulti;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnSessionEvent(nint zh, int type, int state, byte* path, nint context)
    {
        try
        {
            NativeSession.DispatchSessionEvent(zh, type, state, context);
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "session watcher");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnNodeEvent(nint zh, int type, int state, byte* path, nint context)
    {
        try
        {
            NativeSession.DispatchWatchEvent(type, state, NativeStrings.FromUtf8(path), context);
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "watcher");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnString(int code, byte* value, nint data)
    {
        try
        {
            if (Take<string>(code, data) is { } call)
            {
                call.Succeed(NativeStrings.FromUtf8(value) ?? call.Path ?? string.Empty);
            }
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "create completion");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnData(int code, byte* value, int length, NativeStat* stat, nint data)
    {
        try
        {
            if (Take<ZooKeeperNodeData>(code, data) is { } call)
            {
                // A node created with null data reports length -1.
                var bytes = value is null || length <= 0 ? [] : new ReadOnlySpan<byte>(value, length).ToArray();
                call.Succeed(new ZooKeeperNodeData(bytes, stat->ToManaged()));
            }
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "get completion");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnStat(int code, NativeStat* stat, nint data)
    {
        try
        {
            if (Take<ZooKeeperStat?>(code, data) is { } call)
            {
                call.Succeed(code == NativeErrors.Ok ? stat->ToManaged() : null);
            }
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "stat completion");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnChildren(int code, NativeStringVector* strings, NativeStat* stat, nint data)
    {
        try
        {
            if (Take<ZooKeeperChildren>(code, data) is { } call)
            {
                call.Succeed(new ZooKeeperChildren(NativeStrings.FromVector(strings), stat->ToManaged()));
            }
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "children completion");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnVoid(int code, nint data)
    {
        try
        {
            Take<bool>(code, data)?.Succeed(true);
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "delete completion");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMulti(int code, nint data)
    {
        try
        {
            if (NativeSession.Calls.TryTake(data, out var call))
            {
                ((PendingMulti)call).Complete(code);
            }
        }
        catch (Exception e)
        {
            NativeLog.CallbackFailed(e, "multi completion");
        }
    }

    /// <summary>
    /// Takes the call the completion belongs to; fails it and returns null unless the code means a result (success,
    /// or no node for exists).
    /// </summary>
    private static PendingCall<T>? Take<T>(int code, nint data)
    {
        if (!NativeSession.Calls.TryTake(data, out var taken))
        {
            return null;
        }

        var call = (PendingCall<T>)taken;
        call.SettleWatch(code);
        if (code == NativeErrors.Ok || (call.MissingNodeIsAnswer && code == (int)ZooKeeperErrorCode.NoNode))
        {
            return call;
        }

        call.Fail(code);
        return null;
    }
}
