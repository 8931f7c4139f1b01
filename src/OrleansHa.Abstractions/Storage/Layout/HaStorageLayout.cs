using OrleansHa.Jobs;

namespace OrleansHa.Storage.Layout;

/// <summary>
/// The names of everything the HA stores keep for one cluster, relative to the container (Azure Blob) or the
/// root directory (file system); both backends use the same layout, with '/' between segments:
/// <code>
/// &lt;cluster-id&gt;/grains/&lt;grain-type&gt;/&lt;grain-key&gt;/&lt;state-name&gt;.json
/// &lt;cluster-id&gt;/artifacts/&lt;job-id&gt;/&lt;file-name&gt;
/// &lt;cluster-id&gt;/checkpoints/&lt;job-id&gt;/&lt;checkpoint-id&gt;/&lt;subtask&gt;.bin
/// &lt;cluster-id&gt;/job-result-store/&lt;job-id&gt;_DIRTY.json  and  &lt;job-id&gt;.json
/// &lt;cluster-id&gt;/history/&lt;job-id&gt;.json
/// &lt;cluster-id&gt;/leader.json
/// </code>
/// Free-text segments go through <see cref="StoragePathSegment"/>; job ids are already safe.
/// </summary>
public sealed class HaStorageLayout
{
    public const string DirtySuffix = "_DIRTY.json";
    public const string JsonExtension = ".json";

    private readonly string _root;

    public HaStorageLayout(string clusterId)
    {
        ClusterId = clusterId;
        _root = StoragePathSegment.Encode(clusterId) + "/";
    }

    public string ClusterId { get; }

    /// <summary>Everything of this cluster: <c>&lt;cluster-id&gt;/</c>.</summary>
    public string ClusterPrefix => _root;

    public string JobResultStorePrefix => _root + "job-result-store/";

    public string HistoryPrefix => _root + "history/";

    /// <summary>The folder that holds one folder per grain of the type: list it to enumerate the grains.</summary>
    public string GrainTypePrefix(GrainType grainType) =>
        $"{_root}grains/{StoragePathSegment.Encode(grainType.ToString()!)}/";

    public string GrainState(GrainId grainId, string stateName) =>
        $"{GrainTypePrefix(grainId.Type)}{StoragePathSegment.Encode(grainId.Key.ToString()!)}/" +
        $"{StoragePathSegment.Encode(stateName)}{JsonExtension}";

    /// <summary>The grain whose folder is <paramref name="keySegment"/> under <see cref="GrainTypePrefix"/>.</summary>
    public static GrainId GrainIdFromKeySegment(GrainType grainType, string keySegment) =>
        GrainId.Create(grainType, StoragePathSegment.Decode(keySegment));

    public string DirtyJobResult(JobId jobId) => JobResultStorePrefix + jobId + DirtySuffix;

    public string CleanJobResult(JobId jobId) => JobResultStorePrefix + jobId + JsonExtension;

    /// <summary>The job whose dirty entry has the name <paramref name="fileName"/>, if it is one.</summary>
    public static bool TryParseDirtyJobResultName(string fileName, out JobId jobId) =>
        TryParseJobIdBefore(DirtySuffix, fileName, out jobId);

    public string ArtifactsPrefix(JobId jobId) => $"{_root}artifacts/{jobId}/";

    public string Artifact(JobId jobId, string fileName) => ArtifactsPrefix(jobId) + StoragePathSegment.Encode(fileName);

    public string CheckpointsPrefix(JobId jobId) => $"{_root}checkpoints/{jobId}/";

    public string CheckpointPrefix(JobId jobId, long checkpointId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointId);
        return $"{CheckpointsPrefix(jobId)}{checkpointId}/";
    }

    public string CheckpointPayload(JobId jobId, long checkpointId, int subtask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subtask);
        return $"{CheckpointPrefix(jobId, checkpointId)}{subtask}.bin";
    }

    public string History(JobId jobId) => HistoryPrefix + jobId + JsonExtension;

    /// <summary>The job whose history record has the name <paramref name="fileName"/>, if it is one.</summary>
    public static bool TryParseHistoryName(string fileName, out JobId jobId) =>
        TryParseJobIdBefore(JsonExtension, fileName, out jobId);

    private static bool TryParseJobIdBefore(string suffix, string fileName, out JobId jobId)
    {
        jobId = default;
        return fileName.EndsWith(suffix, StringComparison.Ordinal) && JobId.TryParse(fileName[..^suffix.Length], null, out jobId);
    }

    /// <summary>The published leader info of embedded mode (ZooKeeper mode keeps it in an ephemeral znode).</summary>
    public string Leader => _root + "leader" + JsonExtension;
}
