using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubPlatform.Datasets;

/// <summary>
/// The viewer's column statistics of a split, computed from its rows in at most three passes that each hold one row group:
/// counts, bounds, means and frequencies first; then 10-bin histograms and a fine histogram that places the median; then
/// only the values of the median's fine bin, so the median is exact without keeping the column. Numbers give min, max, mean,
/// median, sample std and a histogram; text with few distinct values (at most 1,000, and at most a fifth of the rows) and
/// booleans give frequencies, class labels
/// frequencies by name; other text and lists give the same numbers over their lengths. Dates, binary and structs are not
/// described.
/// </summary>
public static class SplitStatistics
{
    /// <summary>Text with at most this many distinct values (and few for its rows) is described by its values, not its lengths.</summary>
    public const int MaxLabels = 1000;

    /// <summary>Text whose distinct values are at most this share of the rows (and at most <see cref="MaxLabels"/>) is described by its values.</summary>
    public const double MaxLabelProportion = 0.2;

    private const int Bins = 10;
    private const int MaxExactValues = 10_000;
    private const int FineBins = 4096;
    private const int Decimals = 5;

    /// <summary>The statistics of the columns of a split, in feature order (columns of kinds not described are left out).</summary>
    /// <param name="features">The split's features.</param>
    /// <param name="rows">Reads the split's rows from the start; called once per pass.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static Task<(long NumExamples, JsonArray Statistics)> ComputeAsync(JsonObject features, Func<IAsyncEnumerable<JsonObject>> rows, CancellationToken cancellationToken) =>
        ComputeAsync(features, rows, MaxExactValues, cancellationToken);

    /// <summary>As the public overload, counting whole numbers by value up to <paramref name="maxExactValues"/> distinct ones.</summary>
    internal static Task<(long NumExamples, JsonArray Statistics)> ComputeAsync(JsonObject features, Func<IAsyncEnumerable<JsonObject>> rows, int maxExactValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return ComputeAsync(features, _ => Batches(rows(), features), cancellationToken, maxExactValues);
    }

    /// <summary>
    /// The statistics of the columns of a split from batches of cells by column (a row group's worth each, as
    /// <see cref="FlatColumns"/> reads them), which spares building a JSON object per row. The first pass reads every column;
    /// whole numbers (integers, lengths of text and lists) with at most <paramref name="maxExactValues"/> distinct values are
    /// counted by value there, which gives their histogram and median at once, so the second and third passes read only
    /// the columns that still need them.
    /// </summary>
    /// <param name="features">The split's features.</param>
    /// <param name="batches">Reads the split from the start, only the columns named (all when null); called once per pass.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="maxExactValues">How many distinct whole numbers a column may have to be counted by value.</param>
    internal static async Task<(long NumExamples, JsonArray Statistics)> ComputeAsync(JsonObject features, Func<IReadOnlyCollection<string>?, IAsyncEnumerable<CellBatch>> batches,
        CancellationToken cancellationToken, int maxExactValues = MaxExactValues)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(batches);
        var columns = features.Select(f => Column.For(f.Key, f.Value, maxExactValues)).OfType<Column>().ToList();
        var total = await PassAsync(columns, 1, null);
        columns.ForEach(c => c.Settle(total));
        foreach (var column in columns.Where(c => c.NeedsDistribution && !c.NeedsPasses))
        {
            column.PrepareBins();
            column.FromExactCounts();
        }

        var measured = columns.Where(c => c.NeedsPasses).ToList();
        if (measured.Any(c => c.Count > 0))
        {
            var names = measured.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            measured.ForEach(c => c.PrepareBins());
            await PassAsync(measured, 2, names);
            measured.ForEach(c => c.PrepareMedian());
            await PassAsync(measured, 3, names);
        }

        return (total, new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
        {
            ["column_name"] = c.Name,
            ["column_type"] = c.Type,
            ["column_statistics"] = c.Result(total),
        })]));

        // Reads the split once, handing each batch's cells to the columns for one pass; returns the rows read.
        async Task<long> PassAsync(IReadOnlyList<Column> over, int pass, IReadOnlyCollection<string>? names)
        {
            long rows = 0;
            await foreach (var batch in batches(names).WithCancellation(cancellationToken))
            {
                using (batch)
                {
                    rows += batch.Count;
                    foreach (var column in over)
                    {
                        column.Read(pass, batch.Cells(column.Name));
                    }
                }
            }

            return rows;
        }
    }

    // JSON rows in batches of cells by column.
    private static async IAsyncEnumerable<CellBatch> Batches(IAsyncEnumerable<JsonObject> rows, JsonObject features)
    {
        const int Size = 4096;
        var names = features.Select(f => f.Key).ToList();
        var buffer = new List<JsonObject>(Size);
        await foreach (var row in rows)
        {
            buffer.Add(row);
            if (buffer.Count == Size)
            {
                yield return CellBatch.FromRows(buffer, names);
                buffer.Clear();
            }
        }

        if (buffer.Count > 0)
        {
            yield return CellBatch.FromRows(buffer, names);
        }
    }

    private static double Round(double value) => Math.Round(value, Decimals, MidpointRounding.ToEven);

    // One column's accumulators across the passes.
    private sealed class Column
    {
        private readonly string _kind;
        private readonly IReadOnlyList<string>? _labels;
        private Dictionary<string, long>? _frequencies = new(StringComparer.Ordinal);
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;
        private double _mean;
        private double _m2;
        private long[] _hist = [];
        private double[] _edges = [];
        private long[] _fine = [];
        private double _fineWidth;
        private (int From, int To, long Before) _medianBins;
        private readonly List<double> _medianValues = [];
        private readonly int _maxExactValues;
        private Dictionary<long, long>? _exact;
        private double? _exactMedian;

        private Column(string name, string kind, IReadOnlyList<string>? labels, int maxExactValues)
        {
            (Name, _kind, _labels, _maxExactValues) = (name, kind, labels, maxExactValues);
            _exact = kind is "int" or "list" or "string" ? [] : null;
        }

        public string Name { get; }

        public long Nulls { get; private set; }

        public long Count { get; private set; }

        public long NoLabel { get; private set; }

        // Whole numbers (ints and lengths) bin on integer edges.
        public bool Integral => _kind is "int" or "list" || (_kind == "string" && _frequencies is null);

        public bool NeedsDistribution => _kind is "int" or "float" or "list" || (_kind == "string" && _frequencies is null);

        // Whether the histogram and median need the second and third passes (the values were too many to count one by one).
        public bool NeedsPasses => NeedsDistribution && _exact is null;

        public string Type => _kind switch
        {
            "string" => _frequencies is null ? "string_text" : "string_label",
            _ => _kind,
        };

        public static Column? For(string name, JsonNode? feature, int maxExactValues)
        {
            var type = feature?["_type"]?.GetValue<string>();
            var dtype = type == "Value" ? feature!["dtype"]?.GetValue<string>() : null;
            return (type, dtype) switch
            {
                ("ClassLabel", _) => new Column(name, "class_label", [.. feature!["names"]!.AsArray().Select(n => n?.GetValue<string>() ?? string.Empty)], maxExactValues),
                ("List" or "Sequence" or "LargeList", _) => new Column(name, "list", null, maxExactValues),
                (_, "int8" or "int16" or "int32" or "int64" or "uint8" or "uint16" or "uint32" or "uint64") => new Column(name, "int", null, maxExactValues),
                (_, "float16" or "float32" or "float64" or "float" or "double") => new Column(name, "float", null, maxExactValues),
                (_, "bool") => new Column(name, "bool", null, maxExactValues),
                (_, "string" or "large_string") => new Column(name, "string", null, maxExactValues),
                _ => null,
            };
        }

        // Pass 1 counts and bounds, pass 2 fills the histograms, pass 3 keeps the values of the median's bins.
        public void Read(int pass, ReadOnlySpan<StatCell> cells)
        {
            foreach (var cell in cells)
            {
                switch (pass)
                {
                    case 1:
                        First(cell);
                        break;
                    case 2:
                        Second(cell);
                        break;
                    default:
                        Third(cell);
                        break;
                }
            }
        }

        private void First(StatCell cell)
        {
            if (cell.IsNull)
            {
                Nulls++;
                return;
            }

            Count++;
            switch (_kind)
            {
                case "bool":
                    Add(cell.Number != 0 ? "True" : "False");
                    return;
                case "class_label":
                    var label = (int)cell.Number;
                    if (label < 0 || _labels is null || label >= _labels.Count)
                    {
                        NoLabel++;
                    }
                    else
                    {
                        Add(_labels[label]);
                    }

                    return;
                case "string":
                    if (_frequencies is not null)
                    {
                        AddText(cell.Text.Span);
                        if (_frequencies.Count > MaxLabels)
                        {
                            _frequencies = null;
                        }
                    }

                    break;
            }

            if (Value(cell) is { } value)
            {
                _min = Math.Min(_min, value);
                _max = Math.Max(_max, value);
                var delta = value - _mean;
                _mean += delta / Count;
                _m2 += delta * (value - _mean);
                if (_exact is not null)
                {
                    var key = (long)value;
                    _exact[key] = _exact.GetValueOrDefault(key) + 1;
                    if (_exact.Count > _maxExactValues)
                    {
                        _exact = null;
                    }
                }
            }
        }

        // The histogram and the median from the counts of each value, as the second and third passes would find them.
        public void FromExactCounts()
        {
            if (Count == 0)
            {
                return;
            }

            var (low, high) = ((Count - 1) / 2, Count / 2);
            double? atLow = null;
            long before = 0;
            foreach (var (value, count) in _exact!.OrderBy(kv => kv.Key))
            {
                AddToHistogram(value, count);
                if (atLow is null && before + count > low)
                {
                    atLow = value;
                }

                if (_exactMedian is null && before + count > high)
                {
                    _exactMedian = (atLow!.Value + value) / 2;
                }

                before += count;
            }

            _fine = [];
        }

        // Text with many distinct values, for its rows, is described by its lengths.
        public void Settle(long total)
        {
            if (_kind == "string" && _frequencies is not null && _frequencies.Count > MaxLabelProportion * total)
            {
                _frequencies = null;
            }
        }

        public void PrepareBins()
        {
            if (Count == 0)
            {
                return;
            }

            if (_min == _max)
            {
                (_edges, _hist) = ([_min, _max], [0]);
            }
            else if (Integral)
            {
                // Whole-number bins of one size from the minimum, and the maximum as the last edge again, as the Hub draws them.
                var size = Math.Max(1, Math.Ceiling((_max - _min + 1) / Bins));
                var edges = new List<double>();
                for (var edge = _min; edge <= _max; edge += size)
                {
                    edges.Add(edge);
                }

                edges.Add(_max);
                (_edges, _hist) = ([.. edges], new long[edges.Count - 1]);
            }
            else
            {
                var width = (_max - _min) / Bins;
                (_edges, _hist) = ([.. Enumerable.Range(0, Bins).Select(i => _min + (i * width)), _max], new long[Bins]);
            }

            _fineWidth = (_max - _min) / FineBins;
            _fine = new long[FineBins];
        }

        private void Second(StatCell cell)
        {
            if (cell.IsNull || Value(cell) is not { } value || _hist.Length == 0)
            {
                return;
            }

            AddToHistogram(value, 1);
            _fine[FineBin(value)]++;
        }

        // Bins of one width from the minimum; the last one holds the maximum too.
        private void AddToHistogram(double value, long count)
        {
            var width = Integral ? _edges[1] - _edges[0] : (_max - _min) / Bins;
            var bin = _hist.Length == 1 ? 0 : (int)Math.Floor((value - _min) / width);
            _hist[Math.Clamp(bin, 0, _hist.Length - 1)] += count;
        }

        // The fine bins holding the middle ranks ((n-1)/2 and n/2, 0-based): only their values are kept in the last pass.
        public void PrepareMedian()
        {
            if (Count == 0)
            {
                return;
            }

            var (low, high) = ((Count - 1) / 2, Count / 2);
            long before = 0;
            var from = -1;
            var to = -1;
            long beforeFrom = 0;
            for (var i = 0; i < _fine.Length; i++)
            {
                if (from < 0 && before + _fine[i] > low)
                {
                    (from, beforeFrom) = (i, before);
                }

                if (before + _fine[i] > high)
                {
                    to = i;
                    break;
                }

                before += _fine[i];
            }

            _medianBins = (from, to, beforeFrom);
            _fine = [];
        }

        private void Third(StatCell cell)
        {
            if (!cell.IsNull && Value(cell) is { } value && _medianBins.From >= 0)
            {
                var bin = FineBin(value);
                if (bin >= _medianBins.From && bin <= _medianBins.To)
                {
                    _medianValues.Add(value);
                }
            }
        }

        public JsonObject Result(long total)
        {
            var result = new JsonObject
            {
                ["nan_count"] = Nulls,
                ["nan_proportion"] = total == 0 ? 0.0 : Round((double)Nulls / total),
            };
            if (_kind is "bool")
            {
                result["frequencies"] = Frequencies();
                return result;
            }

            if (_kind is "class_label" || (_kind == "string" && _frequencies is not null))
            {
                result["no_label_count"] = NoLabel;
                result["no_label_proportion"] = total == 0 ? 0.0 : Round((double)NoLabel / total);
                result["n_unique"] = _frequencies!.Count;
                result["frequencies"] = Frequencies();
                return result;
            }

            var empty = Count == 0;
            result["min"] = empty ? null : Number(_min);
            result["max"] = empty ? null : Number(_max);
            result["mean"] = empty ? null : Round(_mean);
            result["median"] = empty ? null : Round(Median());
            result["std"] = empty ? null : Count < 2 ? null : Round(Math.Sqrt(_m2 / (Count - 1)));
            result["histogram"] = empty ? null : new JsonObject
            {
                ["hist"] = new JsonArray([.. _hist.Select(h => (JsonNode)h)]),
                ["bin_edges"] = new JsonArray([.. _edges.Select(e => Number(e))]),
            };
            return result;
        }

        private JsonNode Number(double value) => Integral ? JsonValue.Create((long)value) : JsonValue.Create(Round(value));

        private double Median()
        {
            if (_exactMedian is { } exact)
            {
                return exact;
            }

            _medianValues.Sort();
            var (low, high) = ((Count - 1) / 2, Count / 2);
            var offset = _medianBins.Before;
            return _medianValues.Count == 0 ? _min : (_medianValues[(int)(low - offset)] + _medianValues[(int)(high - offset)]) / 2;
        }

        private int FineBin(double value) => _fineWidth <= 0 ? 0 : Math.Clamp((int)((value - _min) / _fineWidth), 0, FineBins - 1);

        // The number described: the value, or the length of text and lists (which cells carry as their number).
        private double? Value(StatCell cell) => _kind is "int" or "float" or "string" or "list" ? cell.Number : null;

        private void Add(string key) => _frequencies![key] = _frequencies.GetValueOrDefault(key) + 1;

        // Counted by their characters: a string is made only for a value not seen before.
        private void AddText(ReadOnlySpan<char> key)
        {
            var lookup = _frequencies!.GetAlternateLookup<ReadOnlySpan<char>>();
            lookup[key] = lookup.TryGetValue(key, out var count) ? count + 1 : 1;
        }

        private JsonObject Frequencies() => new(_frequencies!.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
    }
}
