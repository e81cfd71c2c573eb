using System.Text;

namespace HubPlatform.Datasets.Tests;

/// <summary>JSON and JSON Lines files become Parquet with the types Arrow (and so the datasets library) gives their columns.</summary>
public sealed class JsonConversionTests
{
    [Fact]
    public async Task Json_lines_get_arrow_types_with_lists_structs_timestamps_and_missing_keys_as_null()
    {
        var jsonl = """
            {"id": 1, "score": 1, "ok": true, "text": "a", "when": "2024-01-02", "tags": ["x"], "meta": {"lang": "en"}, "none": null}
            {"id": 2, "score": 2.5, "ok": false, "text": "b", "when": "2024-01-03 04:05:06", "tags": [], "meta": {"lang": "fr", "n": 3}}

            {"id": 3, "score": null, "text": null, "when": null, "tags": ["y", null], "meta": null, "none": null, "extra": [[1, 2], []]}
            """;

        var (rows, index, read) = await ConvertAsync(jsonl, rowGroupRows: 2);

        Assert.Equal(3, rows);
        Assert.Equal([2L, 1], index.RowGroups.Select(g => g.RowCount));
        Assert.Equal(
            """{"id":{"dtype":"int64","_type":"Value"},"score":{"dtype":"float64","_type":"Value"},"ok":{"dtype":"bool","_type":"Value"},"text":{"dtype":"string","_type":"Value"},"when":{"dtype":"timestamp[s]","_type":"Value"},"tags":{"feature":{"dtype":"string","_type":"Value"},"_type":"List"},"meta":{"lang":{"dtype":"string","_type":"Value"},"n":{"dtype":"int64","_type":"Value"}},"none":{"dtype":"null","_type":"Value"},"extra":{"feature":{"feature":{"dtype":"int64","_type":"Value"},"_type":"List"},"_type":"List"}}""",
            index.Features.ToJsonString());
        Assert.Equal(
            [
                """{"id":1,"score":1,"ok":true,"text":"a","when":"2024-01-02T00:00:00","tags":["x"],"meta":{"lang":"en","n":null},"none":null,"extra":null}""",
                """{"id":2,"score":2.5,"ok":false,"text":"b","when":"2024-01-03T04:05:06","tags":[],"meta":{"lang":"fr","n":3},"none":null,"extra":null}""",
                """{"id":3,"score":null,"ok":null,"text":null,"when":null,"tags":["y",null],"meta":null,"none":null,"extra":[[1,2],[]]}""",
            ],
            read);
    }

    [Fact]
    public async Task A_json_array_of_records_is_read_as_from_pylist_reads_it_so_dates_stay_strings()
    {
        var (rows, index, read) = await ConvertAsync("""[{"a": 1, "d": "2024-01-02"}, {"a": 2.0, "b": "x", "d": "2024-01-03"}]""");

        Assert.Equal(2, rows);
        Assert.Equal(
            """{"a":{"dtype":"float64","_type":"Value"},"d":{"dtype":"string","_type":"Value"},"b":{"dtype":"string","_type":"Value"}}""",
            index.Features.ToJsonString());
        Assert.Equal(["""{"a":1,"d":"2024-01-02","b":null}""", """{"a":2,"d":"2024-01-03","b":"x"}"""], read);
    }

    [Fact]
    public async Task A_string_that_is_not_a_date_makes_the_column_text_again()
    {
        var (_, index, read) = await ConvertAsync("{\"d\": \"2024-01-02\"}\n{\"d\": \"soon\"}\n");

        Assert.Equal("""{"d":{"dtype":"string","_type":"Value"}}""", index.Features.ToJsonString());
        Assert.Equal(["""{"d":"2024-01-02"}""", """{"d":"soon"}"""], read);
    }

    [Theory]
    [InlineData("{\"a\": 1}\n{\"a\": \"x\"}\n", "line 2: column 'a' was int64 and here is string")]
    [InlineData("{\"a\": 1}\n[1, 2]\n", "line 2 is not a JSON object")]
    [InlineData("{\"a\": 1}\n{\"a\": \n", "line 2 is not one JSON object")]
    [InlineData("[{\"a\": 1}, 3]", "item 1 of the array is not an object")]
    [InlineData("[{\"a\": 1}, {\"a\": tru", "is not valid JSON")]
    [InlineData("{\"a\": [1, \"x\"]}\n", "An array mixes int64 and string items")]
    [InlineData("{}\n{}\n", "hold no keys")]
    [InlineData("{\"a\": [[1], null]}\n", "A list of list<int64> holds a null item")]
    public async Task A_file_arrow_cannot_read_is_refused_with_where_and_why(string json, string reason)
    {
        var error = await Assert.ThrowsAsync<DatasetFileException>(() => ConvertAsync(json));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static async Task<(long Rows, ParquetFileIndex Index, List<string> Read)> ConvertAsync(string text, int rowGroupRows = 100_000)
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = Encoding.UTF8.GetBytes(text);
        var folder = Path.Combine(Path.GetTempPath(), "json-" + Guid.NewGuid().ToString("N"));
        await using var shards = new ParquetShards(folder, long.MaxValue);
        var rows = await JsonConversion.ConvertAsync([("data.jsonl", () => new MemoryStream(bytes, writable: false))], shards, rowGroupRows, ct);
        var file = Assert.Single(shards.Files);
        await using var stream = File.OpenRead(file);
        var index = await ParquetFileIndex.ReadAsync(stream, ct);
        var read = await ParquetRows.ReadAsync(() => File.OpenRead(file), index, 0, 100, ct);
        return (rows, index, [.. read.Select(r => r.Row.ToJsonString())]);
    }
}
