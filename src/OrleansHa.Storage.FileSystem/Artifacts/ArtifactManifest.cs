using System.Text.Json;

namespace OrleansHa.Storage.FileSystem;

/// <summary>
/// What the file-system artifact store recorded at upload: each file's name, length and SHA-256, kept in
/// <c>artifacts/&lt;job-id&gt;/.manifest.json</c> (artifact names cannot start with '.', so it never clashes).
/// It is written after the files, so a job has an artifact only once all its files are in place.
/// </summary>
internal sealed record ArtifactManifest(int Version, IReadOnlyList<ArtifactDescriptor> Files)
{
    public const string FileName = ".manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <exception cref="CorruptStoredRecordException">The bytes are not a manifest.</exception>
    public static ArtifactManifest Parse(string location, byte[] utf8Json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<ArtifactManifest>(utf8Json, Json);
            return manifest is { Version: 1, Files: not null }
                ? manifest
                : throw new CorruptStoredRecordException(location, "it is not a version 1 artifact manifest");
        }
        catch (JsonException e)
        {
            throw new CorruptStoredRecordException(location, $"it is not valid JSON ({e.Message})", e);
        }
    }
}
