using System.Runtime.InteropServices;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// The entry points of libzookeeper_mt (zookeeper.h of ZooKeeper 3.8) this binding uses. Reads go through the
/// "w" variants only: zoo_aget, zoo_aexists and zoo_aget_children2 are these with a null watcher.
/// </summary>
/// <remarks>
/// Paths cross as UTF-8 strings the marshaller frees after the call, and data as pinned spans: the library
/// serializes both into its own request buffer before it returns. Callbacks are
/// <see cref="NativeCallbacks"/>' [UnmanagedCallersOnly] functions, so no delegate can be collected while the
/// library holds its pointer.
/// </remarks>
internal static unsafe partial class NativeMethods
{
    public const string LibraryName = "libzookeeper_mt.so.2";

    /// <summary>ZOO_NO_LOG_CLIENTENV: skip logging the host's environment on every new session.</summary>
    public const int NoLogClientEnvironment = 2;

    [LibraryImport(LibraryName, EntryPoint = "zookeeper_init2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint Init(
        string host,
        delegate* unmanaged[Cdecl]<nint, int, int, byte*, nint, void> watcher,
        int receiveTimeoutMilliseconds,
        NativeClientId* clientId,
        nint context,
        int flags,
        delegate* unmanaged[Cdecl]<byte*, void> logCallback);

    [LibraryImport(LibraryName, EntryPoint = "zookeeper_close")]
    public static partial int Close(nint zh);

    [LibraryImport(LibraryName, EntryPoint = "zoo_state")]
    public static partial int State(nint zh);

    [LibraryImport(LibraryName, EntryPoint = "zoo_client_id")]
    public static partial NativeClientId* ClientId(nint zh);

    [LibraryImport(LibraryName, EntryPoint = "zoo_recv_timeout")]
    public static partial int ReceiveTimeout(nint zh);

    [LibraryImport(LibraryName, EntryPoint = "zoo_set_debug_level")]
    public static partial void SetDebugLevel(int level);

    [LibraryImport(LibraryName, EntryPoint = "zerror")]
    public static partial byte* Error(int code);

    [LibraryImport(LibraryName, EntryPoint = "zoo_acreate", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Create(
        nint zh, string path, byte* value, int valueLength, void* acl, int mode,
        delegate* unmanaged[Cdecl]<int, byte*, nint, void> completion, nint data);

    [LibraryImport(LibraryName, EntryPoint = "zoo_awget", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetData(
        nint zh, string path,
        delegate* unmanaged[Cdecl]<nint, int, int, byte*, nint, void> watcher, nint watcherContext,
        delegate* unmanaged[Cdecl]<int, byte*, int, NativeStat*, nint, void> completion, nint data);

    [LibraryImport(LibraryName, EntryPoint = "zoo_aset", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetData(
        nint zh, string path, byte* buffer, int bufferLength, int version,
        delegate* unmanaged[Cdecl]<int, NativeStat*, nint, void> completion, nint data);

    [LibraryImport(LibraryName, EntryPoint = "zoo_adelete", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Delete(
        nint zh, string path, int version, delegate* unmanaged[Cdecl]<int, nint, void> completion, nint data);

    [LibraryImport(LibraryName, EntryPoint = "zoo_awexists", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Exists(
        nint zh, string path,
        delegate* unmanaged[Cdecl]<nint, int, int, byte*, nint, void> watcher, nint watcherContext,
        delegate* unmanaged[Cdecl]<int, NativeStat*, nint, void> completion, nint data);

    [LibraryImport(LibraryName, EntryPoint = "zoo_awget_children2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetChildren(
        nint zh, string path,
        delegate* unmanaged[Cdecl]<nint, int, int, byte*, nint, void> watcher, nint watcherContext,
        delegate* unmanaged[Cdecl]<int, NativeStringVector*, NativeStat*, nint, void> completion, nint data);

    [LibraryImport(LibraryName, EntryPoint = "zoo_amulti")]
    public static partial int Multi(
        nint zh, int count, NativeOp* ops, NativeOpResult* results,
        delegate* unmanaged[Cdecl]<int, nint, void> completion, nint data);

    [LibraryImport(LibraryName, EntryPoint = "zoo_create_op_init")]
    public static partial void CreateOpInit(
        NativeOp* op, byte* path, byte* value, int valueLength, void* acl, int mode, byte* pathBuffer,
        int pathBufferLength);

    [LibraryImport(LibraryName, EntryPoint = "zoo_delete_op_init")]
    public static partial void DeleteOpInit(NativeOp* op, byte* path, int version);

    [LibraryImport(LibraryName, EntryPoint = "zoo_set_op_init")]
    public static partial void SetOpInit(NativeOp* op, byte* path, byte* buffer, int bufferLength, int version, NativeStat* stat);

    [LibraryImport(LibraryName, EntryPoint = "zoo_check_op_init")]
    public static partial void CheckOpInit(NativeOp* op, byte* path, int version);
}
