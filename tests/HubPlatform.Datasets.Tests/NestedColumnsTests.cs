using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace HubPlatform.Datasets.Tests;

/// <summary>Rows with nested columns read back exactly as written: empty lists, null items, null members, lists of lists, maps.</summary>
public sealed class NestedColumnsTests
{
    [Fact]
    public async Task Random_nested_rows_read_back_as_written_on_every_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(12);
        var schema = new ParquetSchema(
            new DataField<int>("id"),
            new ListField("tags", new DataField<string>("element", true)),
            new StructField("meta", new DataField<long?>("n"), new ListField("xs", new DataField<double?>("element"))),
            new ListField("grid", new ListField("element", new DataField<long?>("element"))),
            new MapField("attrs", new DataField<string>("key", false), new DataField<long?>("value")));
        var rows = new List<IDictionary<string, object?>>();
        var expected = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            var tags = Maybe(random, () => Items(random, () => Maybe(random, () => (ReadOnlyMemory<char>?)$"t{random.Next(5)}".AsMemory())));
            var xs = Maybe(random, () => Items(random, () => Maybe(random, () => (double?)random.Next(100))));
            var meta = Maybe(random, () => new Dictionary<string, object?> { ["n"] = Maybe(random, () => (long?)random.Next(10)), ["xs"] = xs });
            // No null list inside the list: Parquet.Net's writer gives such an item the level of an empty outer list.
            var grid = Maybe(random, () => Items(random, () => Items(random, () => Maybe(random, () => (long?)random.Next(9)))));
            var attrs = Maybe(random, () => Enumerable.Range(0, random.Next(3)).ToDictionary(k => $"k{k}".AsMemory(), _ => Maybe(random, () => (long?)random.Next(9))));
            rows.Add(new Dictionary<string, object?> { ["id"] = i, ["tags"] = tags, ["meta"] = meta, ["grid"] = grid, ["attrs"] = attrs });
            expected.Add(new JsonObject
            {
                ["id"] = i,
                ["tags"] = Json(tags),
                ["meta"] = meta is null ? null : new JsonObject { ["n"] = Json(meta["n"]), ["xs"] = Json(xs) },
                ["grid"] = Json(grid),
                ["attrs"] = attrs is null ? null : new JsonArray([.. attrs.Select(kv => (JsonNode)new JsonObject { ["key"] = kv.Key.ToString(), ["value"] = Json(kv.Value) })]),
            }.ToJsonString());
        }

        using var file = new MemoryStream();
        foreach (var chunk in rows.Chunk(70))
        {
            await ParquetSerializer.SerializeUntypedAsync(chunk, schema, file, new ParquetOptions { Append = file.Length > 0 }, cancellationToken: ct);
        }

        var bytes = file.ToArray();
        var index = await ParquetFileIndex.ReadAsync(new MemoryStream(bytes), ct);
        Assert.Equal(4, index.RowGroups.Count);
        foreach (var (offset, length) in new[] { (0, 100), (65, 10), (69, 2), (139, 100), (240, 100) })
        {
            var page = await ParquetRows.ReadAsync(() => new MemoryStream(bytes), index, offset, length, ct);

            Assert.Equal(expected.Skip(offset).Take(length), page.Select(r => r.Row.ToJsonString()));
            Assert.Equal(Enumerable.Range(offset, Math.Min(length, 250 - offset)).Select(i => (long)i), page.Select(r => r.RowIndex));
        }
    }

    private static T? Maybe<T>(Random random, Func<T> value) => random.Next(5) == 0 ? default : value();

    // Lists of 0 to 3 items, of the element type the writer wants.
    private static List<T> Items<T>(Random random, Func<T> item) => [.. Enumerable.Range(0, random.Next(4)).Select(_ => item())];

    private static JsonNode? Json(object? value) => value switch
    {
        null => null,
        ReadOnlyMemory<char> text => text.ToString(),
        long n => n,
        double d => d,
        System.Collections.IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(Json)]),
        _ => throw new ArgumentException(value.GetType().Name),
    };
}
