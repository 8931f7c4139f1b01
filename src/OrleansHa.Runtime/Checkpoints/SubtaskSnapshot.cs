using System.Security.Cryptography;
using System.Text;

namespace OrleansHa.Runtime.Checkpoints;

/// <summary>
/// One subtask's part of a checkpoint, as stored in the checkpoint payload store: the user's state bytes and
/// the subtask's accumulators, stamped with the checkpoint and attempt that took it and sealed with a SHA-256,
/// so a damaged or stray payload is detected at restore instead of silently restoring wrong counts.
/// </summary>
internal sealed record SubtaskSnapshot(
    int Attempt,
    long CheckpointId,
    int Subtask,
    IReadOnlyDictionary<string, long> Accumulators,
    ReadOnlyMemory<byte> State)
{
    private const uint Magic = 0x5353484F; // "OHSS" little-endian
    private const byte FormatVersion = 1;
    private const int HashLength = 32;

    public byte[] Encode()
    {
        using var buffer = new MemoryStream(State.Length + 64);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Attempt);
            writer.Write(CheckpointId);
            writer.Write(Subtask);
            writer.Write(Accumulators.Count);
            foreach (var (name, value) in Accumulators)
            {
                writer.Write(name);
                writer.Write(value);
            }

            writer.Write(State.Length);
            writer.Write(State.Span);
        }

        var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        return buffer.ToArray();
    }

    /// <summary>Reads a payload and checks that it is the one expected.</summary>
    /// <exception cref="InvalidDataException">The payload is damaged or belongs elsewhere; the message says how.</exception>
    public static SubtaskSnapshot Decode(ReadOnlyMemory<byte> payload, long expectedCheckpointId, int expectedSubtask)
    {
        if (payload.Length < HashLength + 4)
        {
            throw new InvalidDataException($"the payload has {payload.Length} bytes, too short to be a snapshot");
        }

        var body = payload[..^HashLength];
        Span<byte> hash = stackalloc byte[HashLength];
        SHA256.HashData(body.Span, hash);
        if (!hash.SequenceEqual(payload.Span[^HashLength..]))
        {
            throw new InvalidDataException("the payload does not match its SHA-256: it was damaged");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(body.ToArray()), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadByte() != FormatVersion)
            {
                throw new InvalidDataException("the payload is not a subtask snapshot of a known format");
            }

            var attempt = reader.ReadInt32();
            var checkpointId = reader.ReadInt64();
            var subtask = reader.ReadInt32();
            if (checkpointId != expectedCheckpointId || subtask != expectedSubtask)
            {
                throw new InvalidDataException(
                    $"the payload belongs to checkpoint {checkpointId}, subtask {subtask}, not to checkpoint " +
                    $"{expectedCheckpointId}, subtask {expectedSubtask}");
            }

            var count = reader.ReadInt32();
            var accumulators = new Dictionary<string, long>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                accumulators[name] = reader.ReadInt64();
            }

            var state = reader.ReadBytes(reader.ReadInt32());
            return new SubtaskSnapshot(attempt, checkpointId, subtask, accumulators, state);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("the payload ends early", exception);
        }
    }
}
