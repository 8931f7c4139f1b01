using System.Runtime.InteropServices;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// A zhandle_t. Every call into the library holds a reference, so zookeeper_close never runs while a call is inside
/// the library with the same handle (which would be a use after free).
/// </summary>
internal sealed class NativeHandle : SafeHandle
{
    private readonly Action<int> _closed;

    public NativeHandle(nint zh, Action<int> closed)
        : base(0, ownsHandle: true)
    {
        SetHandle(zh);
        _closed = closed;
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        var zh = handle;

        // zookeeper_close blocks: it flushes the close request, waits up to 1.5 s for the server to end the session,
        // and joins the library's threads. Run it on the pool, not on whichever thread released the last reference.
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (zh, closed) = state;
                var code = (int)ZooKeeperErrorCode.SystemError;
                try
                {
                    code = NativeMethods.Close(zh);
                }
                catch (Exception e)
                {
                    // A pool thread must not die of it, and the owner must still learn the handle is gone.
                    NativeLog.CallbackFailed(e, "close");
                }

                closed(code);
            },
            (zh, _closed),
            preferLocal: false);
        return true;
    }
}
