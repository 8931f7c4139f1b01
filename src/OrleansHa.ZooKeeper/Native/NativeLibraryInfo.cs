using System.Runtime.InteropServices;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// The loaded library and the values of its exported constants. zookeeper.h declares modes, states, event types
/// and ZOO_OPEN_ACL_UNSAFE as data symbols, not macros, so they are read from the library rather than copied.
/// </summary>
internal sealed unsafe class NativeLibraryInfo
{
    private static readonly Lazy<NativeLibraryInfo> Instance = new(Load);

    private readonly int _persistent;
    private readonly int _ephemeral;
    private readonly int _persistentSequential;
    private readonly int _ephemeralSequential;
    private readonly int _connectedState;
    private readonly int _readOnlyState;
    private readonly int _expiredState;
    private readonly int _authFailedState;
    private readonly int _createdEvent;
    private readonly int _deletedEvent;
    private readonly int _changedEvent;
    private readonly int _childEvent;

    private NativeLibraryInfo(nint library)
    {
        OpenAclUnsafe = (void*)NativeLibrary.GetExport(library, "ZOO_OPEN_ACL_UNSAFE");
        _persistent = Read(library, "ZOO_PERSISTENT");
        _ephemeral = Read(library, "ZOO_EPHEMERAL");
        _persistentSequential = Read(library, "ZOO_PERSISTENT_SEQUENTIAL");
        _ephemeralSequential = Read(library, "ZOO_EPHEMERAL_SEQUENTIAL");
        _connectedState = Read(library, "ZOO_CONNECTED_STATE");
        _readOnlyState = Read(library, "ZOO_READONLY_STATE");
        _expiredState = Read(library, "ZOO_EXPIRED_SESSION_STATE");
        _authFailedState = Read(library, "ZOO_AUTH_FAILED_STATE");
        _createdEvent = Read(library, "ZOO_CREATED_EVENT");
        _deletedEvent = Read(library, "ZOO_DELETED_EVENT");
        _changedEvent = Read(library, "ZOO_CHANGED_EVENT");
        _childEvent = Read(library, "ZOO_CHILD_EVENT");
        SessionEvent = Read(library, "ZOO_SESSION_EVENT");
    }

    /// <summary>struct ACL_vector ZOO_OPEN_ACL_UNSAFE: anyone may do anything.</summary>
    public void* OpenAclUnsafe { get; }

    public int SessionEvent { get; }

    /// <summary>Loads the library once; fails with how to install it when it is missing.</summary>
    public static NativeLibraryInfo Get() => Instance.Value;

    public int ToNative(ZooKeeperCreateMode mode) => mode switch
    {
        ZooKeeperCreateMode.Persistent => _persistent,
        ZooKeeperCreateMode.Ephemeral => _ephemeral,
        ZooKeeperCreateMode.PersistentSequential => _persistentSequential,
        ZooKeeperCreateMode.EphemeralSequential => _ephemeralSequential,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown ZooKeeper create mode."),
    };

    /// <summary>
    /// The session state a ZOO_SESSION_EVENT reports. Every other state (connecting, associating, not connected)
    /// follows a lost connection that the library is re-establishing with the same session.
    /// </summary>
    public ZooKeeperSessionState ToSessionState(int state)
    {
        if (state == _connectedState || state == _readOnlyState)
        {
            return ZooKeeperSessionState.Connected;
        }

        if (state == _expiredState)
        {
            return ZooKeeperSessionState.Expired;
        }

        return state == _authFailedState ? ZooKeeperSessionState.AuthFailed : ZooKeeperSessionState.Disconnected;
    }

    /// <summary>The node event a watch reports, or null for the session and not-watching events.</summary>
    public ZooKeeperWatchEventType? ToNodeEvent(int type)
    {
        if (type == _createdEvent)
        {
            return ZooKeeperWatchEventType.NodeCreated;
        }

        if (type == _deletedEvent)
        {
            return ZooKeeperWatchEventType.NodeDeleted;
        }

        if (type == _changedEvent)
        {
            return ZooKeeperWatchEventType.NodeDataChanged;
        }

        return type == _childEvent ? ZooKeeperWatchEventType.NodeChildrenChanged : null;
    }

    private static NativeLibraryInfo Load()
    {
        if (!NativeLibrary.TryLoad(NativeMethods.LibraryName, typeof(NativeLibraryInfo).Assembly, null, out var library))
        {
            throw new DllNotFoundException(
                $"The ZooKeeper C client {NativeMethods.LibraryName} could not be loaded. Install Debian's " +
                "libzookeeper-mt2 package (apt-get install libzookeeper-mt2) or put the library on the loader path.");
        }

        return new NativeLibraryInfo(library);
    }

    private static int Read(nint library, string name) => *(int*)NativeLibrary.GetExport(library, name);
}
