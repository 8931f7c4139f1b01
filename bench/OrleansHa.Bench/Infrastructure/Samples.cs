using System.Globalization;

namespace OrleansHa.Bench.Infrastructure;

/// <summary>
/// Trial results of one figure, printed as median with the spread over the trials. Concurrent submitters
/// add to one instance, so adding is thread-safe; the figures are read once they are done.
/// </summary>
internal sealed class Samples(string name, string unit)
{
    private readonly Lock _lock = new();
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public double Last => _values.Count == 0 ? double.NaN : _values[^1];

    public void Add(double value)
    {
        lock (_lock)
        {
            _values.Add(value);
        }
    }

    public double Percentile(double fraction)
    {
        var sorted = _values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(fraction * sorted.Count))];
    }

    public double Median => Percentile(0.5);

    public override string ToString() => _values.Count == 0
        ? $"{name}: no samples"
        : string.Create(CultureInfo.InvariantCulture,
            $"{name}: median {Median:0.#} {unit}, min {_values.Min():0.#}, max {_values.Max():0.#}, p99 {Percentile(0.99):0.#} ({_values.Count} trials)");
}
