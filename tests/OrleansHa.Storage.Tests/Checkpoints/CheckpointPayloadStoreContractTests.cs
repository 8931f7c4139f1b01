using OrleansHa.Jobs;
using OrleansHa.Storage.Tests.Infrastructure;
using Xunit;

namespace OrleansHa.Storage.Tests.Checkpoints;

/// <summary>What every checkpoint payload store guarantees.</summary>
public abstract class CheckpointPayloadStoreContractTests : StoreContractTests
{
    private static readonly JobId Job = new("stateful-job");

    [Fact]
    public async Task PutThenGet_ReturnsThePayloadOfThatSubtaskAndCheckpoint()
    {
        var store = Store();
        await store.PutAsync(Job, 1, 0, new byte[] { 1, 0 }, Cancellation);
        await store.PutAsync(Job, 1, 1, new byte[] { 1, 1 }, Cancellation);
        await store.PutAsync(Job, 2, 0, new byte[] { 2, 0 }, Cancellation);

        Assert.Equal(new byte[] { 1, 1 }, (await store.GetAsync(Job, 1, 1, Cancellation)).ToArray());
        Assert.Equal(new byte[] { 2, 0 }, (await Store().GetAsync(Job, 2, 0, Cancellation)).ToArray());
        Assert.Contains(Layout.CheckpointPayload(Job, 1, 1), await Backend.ListRawAsync(Layout.CheckpointsPrefix(Job)));
    }

    [Fact]
    public async Task Put_Again_ReplacesThePayload()
    {
        await Store().PutAsync(Job, 1, 0, new byte[] { 1 }, Cancellation);
        await Store().PutAsync(Job, 1, 0, new byte[] { 2, 2 }, Cancellation);

        Assert.Equal(new byte[] { 2, 2 }, (await Store().GetAsync(Job, 1, 0, Cancellation)).ToArray());
    }

    [Fact]
    public async Task Get_OfAMissingPayload_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<CheckpointPayloadNotFoundException>(() => Store().GetAsync(Job, 3, 4, Cancellation));

        Assert.Equal((3, 4), (error.CheckpointId, error.Subtask));
    }

    [Fact]
    public async Task DeleteCheckpoint_RemovesThatCheckpointOnly()
    {
        var store = Store();
        await store.PutAsync(Job, 1, 0, new byte[] { 1 }, Cancellation);
        await store.PutAsync(Job, 1, 1, new byte[] { 1 }, Cancellation);
        await store.PutAsync(Job, 11, 0, new byte[] { 11 }, Cancellation);

        await store.DeleteCheckpointAsync(Job, 1, Cancellation);
        await store.DeleteCheckpointAsync(Job, 1, Cancellation);

        Assert.Empty(await Backend.ListRawAsync(Layout.CheckpointPrefix(Job, 1)));
        await Assert.ThrowsAsync<CheckpointPayloadNotFoundException>(() => store.GetAsync(Job, 1, 0, Cancellation));
        Assert.Equal(new byte[] { 11 }, (await store.GetAsync(Job, 11, 0, Cancellation)).ToArray());
    }

    [Fact]
    public async Task DeleteAll_LeavesNothingUnderTheJobsPrefixAndSparesOtherJobs()
    {
        var other = new JobId("stateful-job-2");
        var store = Store();
        await store.PutAsync(Job, 1, 0, new byte[] { 1 }, Cancellation);
        await store.PutAsync(Job, 2, 0, new byte[] { 2 }, Cancellation);
        await store.PutAsync(other, 1, 0, new byte[] { 9 }, Cancellation);

        await store.DeleteAllAsync(Job, Cancellation);
        await store.DeleteAllAsync(Job, Cancellation);

        Assert.Empty(await Backend.ListRawAsync(Layout.CheckpointsPrefix(Job)));
        Assert.Equal(new byte[] { 9 }, (await store.GetAsync(other, 1, 0, Cancellation)).ToArray());
    }

    protected ICheckpointPayloadStore Store() => Backend.CreateCheckpointPayloadStore(ClusterId);
}
