using System.Text.Json.Nodes;

namespace HubPlatform.Datasets.Tests;

/// <summary>Column statistics equal the same numbers computed naively over all the values.</summary>
public sealed class SplitStatisticsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 1001)]
    [InlineData(4, 5000)]
    public async Task Numbers_match_a_naive_computation_over_every_value(int seed, int count)
    {
        var random = new Random(seed);
        var ints = Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? (long?)null : random.Next(-50, 1000)).ToList();
        var floats = Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? (double?)null : Math.Round(random.NextDouble() * 100 - 30, 3)).ToList();
        var features = new JsonObject { ["i"] = Value("int64"), ["f"] = Value("float64") };
        var rows = Enumerable.Range(0, count).Select(r => new JsonObject { ["i"] = ints[r], ["f"] = floats[r] }).ToList();

        var (total, computed) = await SplitStatistics.ComputeAsync(features, () => rows.ToAsyncEnumerable(), TestContext.Current.CancellationToken);
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
