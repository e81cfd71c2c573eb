using System.Text.Json.Nodes;
using HubPlatform.Storage;
using Microsoft.Extensions.Options;

namespace HubPlatform.Datasets.Tests;

/// <summary>The full-text index of a split: words folded and stemmed, any word matching, rows in order, no query syntax leaking through.</summary>
public sealed class DatasetSearchIndexTests : IDisposable
{
    private static readonly string Key = new('a', 64);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hubplatform-search-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("run", new long[] { 0, 3 })]
    [InlineData("RUNS", new long[] { 0, 3 })]
    [InlineData("dog", new long[] { 0 })]
    [InlineData("cafe", new long[] { 2 })]
    [InlineData("dog latte", new long[] { 0 })]
    [InlineData("dog cafe", new long[] { 0, 2 })]
    [InlineData("\"NOT\" AND * NEAR( x:y -", new long[] { 4 })]
    [InlineData("nothing-here", new long[] { })]
    public async Task Words_are_matched_folded_and_stemmed_and_any_of_them_suffices(string query, long[] expected)
    {
        var index = await BuildAsync(
            new JsonObject { ["title"] = "Running dogs", ["body"] = null, ["n"] = 1 },
            new JsonObject { ["title"] = "The runner ran", ["body"] = "away", ["n"] = 2 },
            new JsonObject { ["title"] = "Café au lait", ["body"] = null, ["n"] = 3 },
            new JsonObject { ["title"] = null, ["body"] = "she runs", ["n"] = 4 },
            new JsonObject { ["title"] = "NOT AND x:y", ["body"] = null, ["n"] = 5 });

        var (total, rows) = await index.SearchAsync(Key, query, 0, 100, TestContext.Current.CancellationToken);

        Assert.Equal(expected, rows);
        Assert.Equal(expected.Length, total);
    }

    [Fact]
    public async Task Pages_of_matches_come_in_row_order_with_the_count_of_all()
    {
        var index = await BuildAsync([.. Enumerable.Range(0, 50).Select(i => new JsonObject { ["title"] = i % 3 == 0 ? "match me" : "other", ["body"] = null })]);

        var (total, rows) = await index.SearchAsync(Key, "match", 5, 4, TestContext.Current.CancellationToken);

        Assert.Equal(17, total);
        Assert.Equal([15L, 18, 21, 24], rows);
    }

    // The rows come in batches of seven, as row groups would: numbering goes on across them.
    private async Task<DatasetSearchIndex> BuildAsync(params JsonObject[] rows)
    {
        var index = new DatasetSearchIndex(Options.Create(new StorageOptions { DataDirectory = _folder }));
        var features = new JsonObject
        {
            ["title"] = new JsonObject { ["dtype"] = "string", ["_type"] = "Value" },
            ["body"] = new JsonObject { ["dtype"] = "large_string", ["_type"] = "Value" },
            ["n"] = new JsonObject { ["dtype"] = "int64", ["_type"] = "Value" },
        };
        Assert.Equal(["title", "body"], DatasetSearchIndex.TextColumns(features));
        await index.BuildAsync(Key, DatasetSearchIndex.TextColumns(features), rows.Chunk(7).Select(chunk => CellBatch.FromRows(chunk, [.. features.Select(f => f.Key)])).ToAsyncEnumerable(), TestContext.Current.CancellationToken);
        Assert.True(index.Exists(Key));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "datasets", "search"), "*.tmp"));
        return index;
    }
}
