using System.Text;
using OrleansHa.ZooKeeper.Client;

namespace OrleansHa.ZooKeeper.Native;

/// <summary>
/// A multi transaction in flight. zoo_amulti keeps pointers into its operations: the library writes each
/// create's path into the operation's buffer and each set's stat through its pointer when the reply arrives, so
/// all of it lives in native memory until the completion has been read or the session closed.
/// </summary>
internal sealed unsafe class PendingMulti : PendingCall<IReadOnlyList<ZooKeeperOperationResult>>
{
    // Room for the ten-digit sequence suffix a sequential create appends, and the terminating NUL.
    private const int SequenceSuffixRoom = 16;

    private readonly IReadOnlyList<ZooKeeperOperation> _operations;
    private NativeArena? _memory = new();

    public PendingMulti(NativeSession session, IReadOnlyList<ZooKeeperOperation> operations, NativeLibraryInfo library)
        : base(session, "multi", operations.Count > 0 ? operations[0].Path : null)
    {
        _operations = operations;
        try
        {
            Ops = _memory.Allocate<NativeOp>(operations.Count);
            Results = _memory.Allocate<NativeOpResult>(operations.Count);
            for (var i = 0; i < operations.Count; i++)
            {
                Initialize(&Ops[i], operations[i], _memory, library);
            }
        }
        catch
        {
            Release();
            throw;
        }
    }

    public int Count => _operations.Count;

    public NativeOp* Ops { get; }

    public NativeOpResult* Results { get; }

    /// <summary>Settles the call from the library's results, then frees the native memory.</summary>
    public void Complete(int code)
    {
        try
        {
            if (code == NativeErrors.Ok)
            {
                Succeed(ReadResults());
            }
            else
            {
                Fail(FailureOf(code));
            }
        }
        finally
        {
            Release();
        }
    }

    public override void Release() => Interlocked.Exchange(ref _memory, null)?.Dispose();

    private static void Initialize(NativeOp* op, ZooKeeperOperation operation, NativeArena memory, NativeLibraryInfo library)
    {
        var path = memory.Utf8(operation.Path);
        switch (operation)
        {
            case ZooKeeperOperation.Create create:
                var bufferLength = Encoding.UTF8.GetByteCount(operation.Path) + SequenceSuffixRoom;
                NativeMethods.CreateOpInit(
                    op, path, memory.Copy(create.Data.Span), create.Data.Length, library.OpenAclUnsafe,
                    library.ToNative(create.Mode), memory.Allocate((nuint)bufferLength), bufferLength);
                break;
            case ZooKeeperOperation.Delete delete:
                NativeMethods.DeleteOpInit(op, path, delete.Version);
                break;
            case ZooKeeperOperation.SetData set:
                NativeMethods.SetOpInit(
                    op, path, memory.Copy(set.Data.Span), set.Data.Length, set.Version, memory.Allocate<NativeStat>(1));
                break;
            case ZooKeeperOperation.Check check:
                NativeMethods.CheckOpInit(op, path, check.Version);
                break;
            default:
                throw new ArgumentException($"Unknown ZooKeeper multi operation {operation.GetType().Name}.", nameof(operation));
        }
    }

    /// <summary>
    /// The error of the operation that failed the transaction. The server answers a failed multi with one error per
    /// operation: 0 before the one that failed, its error, then RuntimeInconsistency for the rest. A transaction that
    /// failed as a whole (connection loss, expiry, close) reports its code for every operation instead.
    /// </summary>
    private ZooKeeperException FailureOf(int code)
    {
        if (!IsOperationError((ZooKeeperErrorCode)code))
        {
            return NativeErrors.ToException(code, Operation, Path);
        }

        for (var i = 0; i < _operations.Count; i++)
        {
            var error = Results[i].Error;
            if (error != NativeErrors.Ok && error != (int)ZooKeeperErrorCode.RuntimeInconsistency)
            {
                return new ZooKeeperMultiException(i, (ZooKeeperErrorCode)error, _operations[i].Path);
            }
        }

        return NativeErrors.ToException(code, Operation, Path);
    }

    private static bool IsOperationError(ZooKeeperErrorCode code) =>
        code <= ZooKeeperErrorCode.ApiError && code is not (ZooKeeperErrorCode.SessionExpired
            or ZooKeeperErrorCode.AuthFailed or ZooKeeperErrorCode.Closing or ZooKeeperErrorCode.SessionMoved
            or ZooKeeperErrorCode.NotReadOnly or ZooKeeperErrorCode.SessionClosedRequireSaslAuth
            or ZooKeeperErrorCode.Throttled);

    private List<ZooKeeperOperationResult> ReadResults()
    {
        var results = new List<ZooKeeperOperationResult>(_operations.Count);
        for (var i = 0; i < _operations.Count; i++)
        {
            var result = Results[i];
            results.Add(_operations[i] switch
            {
                ZooKeeperOperation.Create => new ZooKeeperOperationResult(NativeStrings.FromUtf8(result.Value), null),
                ZooKeeperOperation.SetData => new ZooKeeperOperationResult(
                    null, result.Stat is null ? null : result.Stat->ToManaged()),
                _ => new ZooKeeperOperationResult(null, null),
            });
        }

        return results;
    }
}
