using System.Text.Json;
using OrleansHa.Jobs;

namespace OrleansHa.Storage.Layout;

/// <summary>
/// The stored form of a <see cref="JobResult"/>, shared by JobResultStore entries and history records, as in
/// Flink's FileSystemJobResultStore: <c>{"version":1,"result":{...}}</c>. The version lets a later release
/// read what an earlier one wrote; a reader refuses a version it does not know rather than guess.
/// </summary>
public static class JobResultDocument
{
    public const int CurrentVersion = 1;

    public static byte[] Write(JobResult result, DateTimeOffset? recordedAt = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", CurrentVersion);
            if (recordedAt is { } at)
            {
                writer.WriteString("recordedAt", at);
            }

            writer.WriteStartObject("result");
            writer.WriteString("jobId", result.JobId.Value);
            writer.WriteString("finalStatus", result.FinalStatus.ToString().ToUpperInvariant());
            writer.WriteStartObject("accumulators");
            foreach (var (name, value) in result.Accumulators)
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
            writer.WriteNumber("netRuntimeMs", (long)result.NetRuntime.TotalMilliseconds);
            writer.WriteString("failureCause", result.FailureCause);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a document written by <see cref="Write"/>.</summary>
    /// <param name="location">The blob name or file path, for the error.</param>
    /// <param name="utf8Json">The stored bytes.</param>
    /// <exception cref="CorruptStoredRecordException">The bytes are not such a document.</exception>
    public static StoredJobResult Read(string location, ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            var root = document.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != CurrentVersion)
            {
                throw new CorruptStoredRecordException(
                    location, $"it has version {version}, and this release reads version {CurrentVersion} only");
            }

            DateTimeOffset? recordedAt = root.TryGetProperty("recordedAt", out var at) ? at.GetDateTimeOffset() : null;
            var result = root.GetProperty("result");
            var statusText = result.GetProperty("finalStatus").GetString();
            if (!Enum.TryParse<JobStatus>(statusText, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                throw new CorruptStoredRecordException(location, $"'{statusText}' is not a job status");
            }

            var accumulators = new Dictionary<string, long>();
            foreach (var accumulator in result.GetProperty("accumulators").EnumerateObject())
            {
                accumulators[accumulator.Name] = accumulator.Value.GetInt64();
            }

            var jobResult = new JobResult(
                JobId.Parse(result.GetProperty("jobId").GetString()!),
                status,
                accumulators,
                TimeSpan.FromMilliseconds(result.GetProperty("netRuntimeMs").GetInt64()),
                result.TryGetProperty("failureCause", out var cause) ? cause.GetString() : null);
            return new StoredJobResult(jobResult, recordedAt);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException
            or FormatException or ArgumentException)
        {
            throw new CorruptStoredRecordException(location, $"it is not a version {CurrentVersion} job result document ({e.Message})", e);
        }
    }
}

/// <summary>The rules every JobResultStore backend applies the same way.</summary>
public static class JobResultEntries
{
    /// <exception cref="ArgumentException">The result's status is not globally terminal.</exception>
    public static void EnsureFinal(JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.FinalStatus.IsGloballyTerminal())
        {
            throw new ArgumentException(
                $"Job '{result.JobId}' has status {result.FinalStatus}; only FINISHED, FAILED and CANCELED results " +
                "go to the JobResultStore.", nameof(result));
        }
    }

    /// <summary>Reads the entry of <paramref name="jobId"/>; an entry that holds another job's result is corrupt.</summary>
    /// <exception cref="CorruptStoredRecordException">The entry cannot be read or is not this job's.</exception>
    public static JobResult Read(string location, ReadOnlyMemory<byte> utf8Json, JobId jobId)
    {
        var result = JobResultDocument.Read(location, utf8Json).Result;
        return result.JobId == jobId
            ? result
            : throw new CorruptStoredRecordException(location, $"it holds the result of job '{result.JobId}'");
    }
}

/// <summary>A job result read back from storage, with the time its record was written when it has one.</summary>
public sealed record StoredJobResult(JobResult Result, DateTimeOffset? RecordedAt);
