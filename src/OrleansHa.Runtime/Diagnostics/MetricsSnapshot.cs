using System.Globalization;
using System.Numerics;
using System.Text;

namespace OrleansHa.Runtime.Diagnostics;

/// <summary>
/// The totals of OrleansHa's counters and histograms in one process since it started, in the form the
/// metrics log writes them (<see cref="OrleansHa.Runtime.Options.OrleansHaOptions.MetricsLogPeriod"/>), so
/// that a tool can read a silo's figures from its log, sum them over silos and subtract two of them.
/// </summary>
/// <remarks>
/// A counter is keyed by its name and its tags in order (<c>name{key=value,...}</c>). A histogram keeps
/// counts per bucket, each bucket 5% wider than the one below, so that buckets from several silos add up
/// and a percentile read from them is within 5% of the true value.
/// </remarks>
public sealed class MetricsSnapshot
{
    private const double BucketGrowth = 1.05;

    public static readonly MetricsSnapshot Empty = new(new Dictionary<string, long>(), new Dictionary<string, IReadOnlyDictionary<int, long>>());

    public MetricsSnapshot(IReadOnlyDictionary<string, long> counters, IReadOnlyDictionary<string, IReadOnlyDictionary<int, long>> histograms)
    {
        Counters = counters;
        Histograms = histograms;
    }

    /// <summary>Counter totals by <c>name{key=value,...}</c>.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; }

    /// <summary>Histogram counts by name, then by bucket (see <see cref="BucketOf"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<int, long>> Histograms { get; }

    /// <summary>The key a counter measurement is totalled under: its name and its tags, ordered by key.</summary>
    public static string KeyOf(string name, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        var ordered = tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}").ToList();
        return ordered.Count == 0 ? name : $"{name}{{{string.Join(',', ordered)}}}";
    }

    /// <summary>The bucket of a value: bucket <c>i</c> holds the values above 1.05^(i-1) up to 1.05^i; every value up to 1 is in bucket 0.</summary>
    public static int BucketOf(double value) => value <= 1 ? 0 : (int)Math.Ceiling(Math.Log(value) / Math.Log(BucketGrowth));

    /// <summary>The sum of the counter <paramref name="name"/> over every tag set that has all of <paramref name="tags"/> (<c>key=value</c>).</summary>
    public long Counter(string name, params string[] tags) =>
        Counters.Where(c => IsOf(c.Key, name) && tags.All(t => HasTag(c.Key, t))).Sum(c => c.Value);

    /// <summary>How many values the histogram recorded.</summary>
    public long Count(string histogram) => Histograms.TryGetValue(histogram, out var buckets) ? buckets.Values.Sum() : 0;

    /// <summary>The upper bound of the bucket that holds the histogram's <paramref name="quantile"/>, or null when it recorded nothing.</summary>
    public double? Percentile(string histogram, double quantile)
    {
        if (!Histograms.TryGetValue(histogram, out var buckets) || buckets.Values.Sum() is var total && total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        var seen = 0L;
        foreach (var (bucket, count) in buckets.OrderBy(b => b.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return Math.Pow(BucketGrowth, bucket);
            }
        }

        return Math.Pow(BucketGrowth, buckets.Keys.Max());
    }

    public static MetricsSnapshot Sum(IEnumerable<MetricsSnapshot> snapshots) =>
        snapshots.Aggregate(Empty, (total, next) => total.Combine(next, +1));

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot of the same processes.</summary>
    public MetricsSnapshot Minus(MetricsSnapshot earlier) => Combine(earlier, -1);

    /// <summary>One line: <c>name{tags}=total</c> for counters, <c>name=[bucket:count,...]</c> for histograms, separated by spaces.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append(' ');
        }

        foreach (var (name, buckets) in Histograms.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append("=[")
                .AppendJoin(',', buckets.OrderBy(b => b.Key).Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Key}:{b.Value}")))
                .Append("] ");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Reads what <see cref="Format"/> wrote.</summary>
    /// <exception cref="FormatException">The text is not a metrics line; the message quotes the entry that is not.</exception>
    public static MetricsSnapshot Parse(string text)
    {
        var counters = new Dictionary<string, long>();
        var histograms = new Dictionary<string, IReadOnlyDictionary<int, long>>();
        foreach (var entry in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.LastIndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"'{entry}' is not a metrics entry: expected name=total or name=[bucket:count,...].");
            }

            var key = entry[..equals];
            var value = entry[(equals + 1)..];
            if (value.StartsWith('[') && value.EndsWith(']'))
            {
                histograms[key] = value[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(b => b.Split(':'))
                    .ToDictionary(b => ParseNumber<int>(b[0], entry), b => ParseNumber<long>(b.Length == 2 ? b[1] : "", entry));
            }
            else
            {
                counters[key] = ParseNumber<long>(value, entry);
            }
        }

        return new MetricsSnapshot(counters, histograms);
    }

    private MetricsSnapshot Combine(MetricsSnapshot other, int sign)
    {
        var counters = Counters.ToDictionary();
        foreach (var (key, value) in other.Counters)
        {
            counters[key] = counters.GetValueOrDefault(key) + (sign * value);
        }

        var histograms = Histograms.ToDictionary(h => h.Key, h => h.Value.ToDictionary());
        foreach (var (name, buckets) in other.Histograms)
        {
            var mine = histograms.TryGetValue(name, out var existing) ? existing : histograms[name] = [];
            foreach (var (bucket, count) in buckets)
            {
                mine[bucket] = mine.GetValueOrDefault(bucket) + (sign * count);
            }
        }

        return new MetricsSnapshot(counters, histograms.ToDictionary(h => h.Key, h => (IReadOnlyDictionary<int, long>)h.Value));
    }

    private static bool IsOf(string key, string name) =>
        key == name || (key.StartsWith(name, StringComparison.Ordinal) && key.Length > name.Length && key[name.Length] == '{');

    private static bool HasTag(string key, string tag)
    {
        var open = key.IndexOf('{');
        return open >= 0 && key[(open + 1)..^1].Split(',').Contains(tag, StringComparer.Ordinal);
    }

    private static T ParseNumber<T>(string text, string entry)
        where T : INumber<T> =>
        T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"'{entry}' is not a metrics entry: '{text}' is not a whole number.");
}
