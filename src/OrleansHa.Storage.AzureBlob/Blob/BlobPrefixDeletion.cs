using Azure.Storage.Blobs.Models;

namespace OrleansHa.Storage.AzureBlob;

/// <summary>Deletes every blob under a prefix: a job's artifacts, one checkpoint, all of a job's checkpoints.</summary>
internal static class BlobPrefixDeletion
{
    private const int Parallelism = 16;

    /// <summary>Lists, then deletes in parallel; what is already gone counts as deleted, so a retry finishes the job.</summary>
    public static async Task<int> DeleteAllAsync(
        this BlobContainerAccess access, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var blob in access.ListBlobsAsync(prefix, BlobTraits.None, cancellationToken))
        {
            names.Add(blob.Name);
        }

        await Parallel.ForEachAsync(
            names,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            // Already gone counts as deleted: a concurrent cleanup got there first.
            async (name, ct) => await access.TryDeleteAsync(name, conditions: null, ct));
        return names.Count;
    }
}
