using System.Text.Json.Nodes;

namespace HubPlatform.Datasets.Tests;

/// <summary>Column statistics equal the same numbers computed naively over all the values.</summary>
public sealed class SplitStatisticsTests
{
    // Each case twice: integers counted by value (few distinct ones), and read again in the second and third passes.
    [Theory]
    [InlineData(1, 1, 10_000)]
    [InlineData(2, 2, 10_000)]
    [InlineData(3, 1001, 10_000)]
    [InlineData(4, 5000, 10_000)]
    [InlineData(1, 1, 0)]
    [InlineData(2, 2, 0)]
    [InlineData(3, 1001, 0)]
    [InlineData(4, 5000, 0)]
    public async Task Numbers_match_a_naive_computation_over_every_value(int seed, int count, int maxExactValues)
    {
        var random = new Random(seed);
        var ints = Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? (long?)null : random.Next(-50, 1000)).ToList();
        var floats = Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? (double?)null : Math.Round(random.NextDouble() * 100 - 30, 3)).ToList();
        var features = new JsonObject { ["i"] = Value("int64"), ["f"] = Value("float64") };
        var rows = Enumerable.Range(0, count).Select(r => new JsonObject { ["i"] = ints[r], ["f"] = floats[r] }).ToList();

        var (total, computed) = await SplitStatistics.ComputeAsync(features, () => rows.ToAsyncEnumerable(), maxExactValues, TestContext.Current.CancellationToken);
        var stats = JsonNode.Parse(computed.ToJsonString())!.AsArray();

        Assert.Equal(count, total);
        AssertNumbers(stats[0]!, "int", [.. ints.OfType<long>().Select(v => (double)v)], ints.Count(v => v is null), count);
        AssertNumbers(stats[1]!, "float", [.. floats.OfType<double>()], floats.Count(v => v is null), count);
    }

    [Fact]
    public async Task Labels_booleans_short_and_long_text_and_lists_are_described_as_the_viewer_describes_them()
    {
        var features = new JsonObject
        {
            ["label"] = new JsonObject { ["names"] = new JsonArray("neg", "pos"), ["_type"] = "ClassLabel" },
            ["flag"] = Value("bool"),
            ["kind"] = Value("string"),
            ["text"] = Value("string"),
            ["tags"] = new JsonObject { ["feature"] = Value("string"), ["_type"] = "List" },
            ["when"] = Value("timestamp[us]"),
        };
        var rows = Enumerable.Range(0, 100).Select(i => new JsonObject
        {
            ["label"] = i % 10 == 9 ? -1 : i % 3 == 0 ? 1 : 0,
            ["flag"] = i % 4 == 0,
            ["kind"] = i % 20 == 0 ? null : "k" + (i % 5),
            ["text"] = new string('x', i),
            ["tags"] = i % 2 == 0 ? new JsonArray([.. Enumerable.Range(0, i % 7).Select(_ => (JsonNode?)"t")]) : null,
            ["when"] = "2026-01-01T00:00:00",
        }).ToList();

        var (_, computed) = await SplitStatistics.ComputeAsync(features, () => rows.ToAsyncEnumerable(), TestContext.Current.CancellationToken);
        var stats = JsonNode.Parse(computed.ToJsonString())!.AsArray();

        Assert.Equal(["label", "flag", "kind", "text", "tags"], stats.Select(s => s!["column_name"]!.GetValue<string>()));
        Assert.Equal(["class_label", "bool", "string_label", "string_text", "list"], stats.Select(s => s!["column_type"]!.GetValue<string>()));
        var label = stats[0]!["column_statistics"]!;
        Assert.Equal(10, label["no_label_count"]!.GetValue<long>());
        Assert.Equal(2, label["n_unique"]!.GetValue<int>());
        Assert.Equal(rows.Count(r => r["label"]!.GetValue<int>() == 1), label["frequencies"]!["pos"]!.GetValue<long>());
        Assert.Equal("""{"False":75,"True":25}""", stats[1]!["column_statistics"]!["frequencies"]!.ToJsonString());
        var kind = stats[2]!["column_statistics"]!;
        Assert.Equal((5, 0.05, 5), (kind["nan_count"]!.GetValue<long>(), kind["nan_proportion"]!.GetValue<double>(), kind["n_unique"]!.GetValue<int>()));
        AssertNumbers(stats[3]!, "string_text", [.. Enumerable.Range(0, 100).Select(i => (double)i)], 0, 100);
        AssertNumbers(stats[4]!, "list", [.. Enumerable.Range(0, 100).Where(i => i % 2 == 0).Select(i => (double)(i % 7))], 50, 100);
    }

    [Fact]
    public async Task Statistics_read_column_by_column_equal_those_read_row_by_row()
    {
        var ct = TestContext.Current.CancellationToken;
        Parquet.Schema.DataField[] fields =
        [
            new Parquet.Schema.DataField<long?>("id"), new Parquet.Schema.DataField<double?>("score"), new Parquet.Schema.DataField<bool>("flag"),
            new Parquet.Schema.DataField<string>("text", true), new Parquet.Schema.DataField<float>("f"),
        ];
        using var file = new MemoryStream();
        var random = new Random(5);
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(fields), file, cancellationToken: ct))
        {
            foreach (var rows in new[] { 300, 1, 250 })
            {
                var ids = Enumerable.Range(0, rows).ToArray();
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(fields[0], ids.Select(i => i % 9 == 0 ? null : (long?)random.Next(-100, 100)).ToArray(), cancellationToken: ct);
                await group.WriteAsync<double>(fields[1], ids.Select(i => i % 11 == 0 ? double.NaN : i % 7 == 0 ? null : (double?)random.NextDouble()).ToArray(), cancellationToken: ct);
                await group.WriteAsync<bool>(fields[2], ids.Select(_ => random.Next(3) == 0).ToArray(), cancellationToken: ct);
                await group.WriteAsync(fields[3], ids.Select(i => i % 5 == 0 ? null : new string('w', random.Next(40))).ToArray());
                await group.WriteAsync<float>(fields[4], ids.Select(_ => (float)random.NextDouble()).ToArray(), cancellationToken: ct);
            }
        }

        var bytes = file.ToArray();
        Stream Open() => new MemoryStream(bytes, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);

        var (rowTotal, byRows) = await SplitStatistics.ComputeAsync(index.Features, () => Rows(Open, index, ct), ct);
        var (columnTotal, byColumns) = await SplitStatistics.ComputeAsync(index.Features, wanted => Columns(Open, index, wanted, ct), ct);
        var (_, byPasses) = await SplitStatistics.ComputeAsync(index.Features, wanted => Columns(Open, index, wanted, ct), ct, maxExactValues: 0);

        Assert.Equal(551, rowTotal);
        Assert.Equal(rowTotal, columnTotal);
        Assert.Equal(byRows.ToJsonString(), byColumns.ToJsonString());
        Assert.Equal(byColumns.ToJsonString(), byPasses.ToJsonString());
        Assert.Equal(["int", "float", "bool", "string_label", "float"], byColumns.Select(c => c!["column_type"]!.GetValue<string>()));
    }

    private static async IAsyncEnumerable<JsonObject> Rows(Func<Stream> open, ParquetFileIndex index, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var (_, row) in await ParquetRows.ReadAsync(open, index, 0, (int)index.RowCount, ct))
        {
            yield return row;
        }
    }

    private static async IAsyncEnumerable<CellBatch> Columns(Func<Stream> open, ParquetFileIndex index, IReadOnlyCollection<string>? wanted, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = open();
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream, cancellationToken: ct);
        Assert.True(FlatColumns.Supports(reader.Schema));
        for (var g = 0; g < index.RowGroups.Count; g++)
        {
            yield return await FlatColumns.ReadCellsAsync(reader, g, wanted, ct);
        }
    }

    private static JsonObject Value(string dtype) => new() { ["dtype"] = dtype, ["_type"] = "Value" };

    private static void AssertNumbers(JsonNode column, string type, List<double> values, int nulls, int total)
    {
        Assert.Equal(type, column["column_type"]!.GetValue<string>());
        var s = column["column_statistics"]!;
        Assert.Equal(nulls, s["nan_count"]!.GetValue<long>());
        Assert.Equal(Math.Round((double)nulls / total, 5), s["nan_proportion"]!.GetValue<double>());
        var sorted = values.Order().ToList();
        Assert.Equal(sorted[0], s["min"]!.GetValue<double>(), 5);
        Assert.Equal(sorted[^1], s["max"]!.GetValue<double>(), 5);
        Assert.Equal(values.Average(), s["mean"]!.GetValue<double>(), 1e-4);
        Assert.Equal((sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2, s["median"]!.GetValue<double>(), 5);
        if (values.Count > 1)
        {
            var mean = values.Average();
            Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)), s["std"]!.GetValue<double>(), 1e-4);
        }

        var hist = s["histogram"]!["hist"]!.AsArray().Select(h => h!.GetValue<long>()).ToList();
        var edges = s["histogram"]!["bin_edges"]!.AsArray().Select(e => e!.GetValue<double>()).ToList();
        Assert.Equal(values.Count, hist.Sum());
        Assert.Equal(hist.Count + 1, edges.Count);
        Assert.True(hist.Count <= 10);
        for (var b = 0; b < hist.Count; b++)
        {
            var last = b == hist.Count - 1;
            Assert.Equal(values.Count(v => v >= edges[b] - 1e-9 && (last ? v <= edges[b + 1] + 1e-9 : v < edges[b + 1] - 1e-9)), hist[b]);
        }
    }
}
