using OrleansHa.Runtime.Checkpoints;
using Xunit;

namespace OrleansHa.Runtime.Tests.Unit;

public sealed class SubtaskSnapshotTests
{
    private static readonly SubtaskSnapshot Snapshot = new(
        3, 42, 1, new Dictionary<string, long> { ["sum"] = 55, ["elements"] = 10 }, new byte[] { 9, 8, 7 });

    [Fact]
    public void EncodeThenDecode_GivesBackStateAccumulatorsAndStamps()
    {
        var decoded = SubtaskSnapshot.Decode(Snapshot.Encode(), 42, 1);

        Assert.Equal(3, decoded.Attempt);
        Assert.Equal(Snapshot.Accumulators, decoded.Accumulators);
        Assert.Equal([9, 8, 7], decoded.State.ToArray());
    }

    [Fact]
    public void Decode_OfADamagedPayload_SaysItWasDamaged()
    {
        var payload = Snapshot.Encode();
        payload[10] ^= 0xFF;

        var error = Assert.Throws<InvalidDataException>(() => SubtaskSnapshot.Decode(payload, 42, 1));

        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void Decode_OfAnotherCheckpointsPayload_IsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => SubtaskSnapshot.Decode(Snapshot.Encode(), 43, 1));

        Assert.Contains("belongs to checkpoint 42", error.Message);
    }

    [Fact]
    public void Decode_OfATooShortPayload_IsRejected() =>
        Assert.Throws<InvalidDataException>(() => SubtaskSnapshot.Decode(new byte[] { 1, 2 }, 42, 1));
}
