using System.Buffers.Binary;
using OrleansHa.Authoring;

namespace OrleansHa.Examples;

/// <summary>
/// Keeps a state of <c>stateBytes</c> bytes (default 1 MiB) that it rewrites in <c>iterations</c> steps of
/// <c>delayMs</c>, offering it to every checkpoint: a job for large checkpoint payloads. Accumulator
/// <c>iterations</c> counts the steps; the state's first 8 bytes hold the step reached.
/// </summary>
public sealed class LargeState : IJobTask
{
    public async Task RunAsync(ITaskContext context, CancellationToken cancellationToken)
    {
        var size = (int)Math.Max(8, context.GetInt64("stateBytes", 1 << 20));
        var iterations = context.GetInt64("iterations", 100);
        var delay = TimeSpan.FromMilliseconds(context.GetInt64("delayMs", 10));
        var state = context.RestoredState is { } restored ? restored.ToArray() : new byte[size];
        for (var step = BinaryPrimitives.ReadInt64LittleEndian(state); step < iterations; step++)
        {
            await Task.Delay(delay, cancellationToken);
            state.AsSpan(8).Fill((byte)step);
            BinaryPrimitives.WriteInt64LittleEndian(state, step + 1);
            context.Accumulators.Add("iterations", 1);
            await context.SafePointAsync(() => state.ToArray());
        }
    }
}
