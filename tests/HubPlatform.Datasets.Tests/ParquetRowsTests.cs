using System.Text.Json.Nodes;
using HubPlatform.Cards.Tests;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace HubPlatform.Datasets.Tests;

public sealed class ParquetRowsTests
{
    [Fact]
    public async Task Every_page_of_a_file_with_several_row_groups_matches_a_sequential_read()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = await WriteAsync([5, 3, 1, 4], ct);
        Stream Open() => new MemoryStream(bytes, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);
        await using var all = Open();
        var sequential = (await ParquetSerializer.DeserializeUntypedAsync(all, cancellationToken: ct)).Data
            .Select(r => new JsonObject(index.Features.Select(f => KeyValuePair.Create(f.Key, ParquetRows.Cell(r.GetValueOrDefault(f.Key)))))).Select(r => r.ToJsonString()).ToList();
        Assert.Equal(13, sequential.Count);

        for (var offset = 0; offset <= 14; offset++)
        {
            foreach (var length in new[] { 0, 1, 2, 4, 100 })
            {
                var page = await ParquetRows.ReadAsync(Open, index, offset, length, ct);

                var expected = sequential.Skip(offset).Take(length).ToList();
                Assert.Equal(expected, page.Select(r => r.Row.ToJsonString()));
                Assert.Equal(Enumerable.Range(offset, expected.Count).Select(i => (long)i), page.Select(r => r.RowIndex));
            }
        }
    }

    [Fact]
    public async Task Flat_files_read_column_by_column_give_the_same_rows_as_the_row_assembler()
    {
        var ct = TestContext.Current.CancellationToken;
        DataField[] fields =
        [
            new DataField<bool>("b"), new DataField<int?>("i"), new DataField<long>("l"), new DataField<short>("s"), new DataField<float?>("f"),
            new DataField<double>("d"), new DecimalDataField("m", 12, 3), new DataField<string>("t", true), new DataField<byte>("u"),
        ];
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, cancellationToken: ct))
        {
            foreach (var rows in new[] { 7, 1, 12 })
            {
                var ids = Enumerable.Range(0, rows).ToArray();
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<bool>(fields[0], ids.Select(i => i % 2 == 0).ToArray(), cancellationToken: ct);
                await group.WriteAsync<int>(fields[1], ids.Select(i => i % 3 == 0 ? null : (int?)(i * 1000)).ToArray(), cancellationToken: ct);
                await group.WriteAsync<long>(fields[2], ids.Select(i => long.MaxValue - i).ToArray(), cancellationToken: ct);
                await group.WriteAsync<short>(fields[3], ids.Select(i => (short)-i).ToArray(), cancellationToken: ct);
                await group.WriteAsync<float>(fields[4], ids.Select(i => i == 2 ? float.NaN : i % 4 == 0 ? null : (float?)(i / 3f)).ToArray(), cancellationToken: ct);
                await group.WriteAsync<double>(fields[5], ids.Select(i => i * 0.1).ToArray(), cancellationToken: ct);
                await group.WriteAsync<decimal>(fields[6], ids.Select(i => i * 1.125m).ToArray(), cancellationToken: ct);
                await group.WriteAsync(fields[7], ids.Select(i => i == 1 ? null : $"t{i} ✓").ToArray());
                await group.WriteAsync<byte>(fields[8], ids.Select(i => (byte)(250 + (i % 6))).ToArray(), cancellationToken: ct);
            }
        }

        var bytes = file.ToArray();
        Stream Open() => new MemoryStream(bytes, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);
        await using var all = Open();
        var sequential = (await ParquetSerializer.DeserializeUntypedAsync(all, cancellationToken: ct)).Data
            .Select(r => new JsonObject(index.Features.Select(f => KeyValuePair.Create(f.Key, ParquetRows.Cell(r.GetValueOrDefault(f.Key)))))).Select(r => r.ToJsonString()).ToList();

        for (var offset = 0; offset < 20; offset += 3)
        {
            var page = await ParquetRows.ReadAsync(Open, index, offset, 9, ct);

            Assert.Equal(sequential.Skip(offset).Take(9), page.Select(r => r.Row.ToJsonString()));
        }
    }

    [Fact]
    public async Task Maps_with_text_keys_render_as_key_value_lists_and_structs_as_objects()
    {
        var ct = TestContext.Current.CancellationToken;
        using var file = new MemoryStream();
        await ParquetSerializer.SerializeAsync(
            new[]
            {
                new MapRow { Id = 1, Counts = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }, Point = new Point { X = 3, Label = "p" } },
                new MapRow { Id = 2, Counts = [], Point = new Point { X = 4, Label = "q" } },
            },
            file,
            cancellationToken: ct);
        var bytes = file.ToArray();
        Stream Open() => new MemoryStream(bytes, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);

        var rows = await ParquetRows.ReadAsync(Open, index, 0, 2, ct);

        Assert.Equal("""{"Id":1,"Counts":[{"key":"a","value":1},{"key":"b","value":2}],"Point":{"X":3,"Label":"p"}}""", rows[0].Row.ToJsonString());
        Assert.Equal("""{"Id":2,"Counts":[],"Point":{"X":4,"Label":"q"}}""", rows[1].Row.ToJsonString());
    }

    [Fact]
    public async Task Cells_render_as_the_viewer_renders_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = await WriteAsync([2], ct);
        Stream Open() => new MemoryStream(bytes, writable: false);

        var rows = await ParquetRows.ReadAsync(Open, await ParquetFileIndex.ReadAsync(Open(), ct), 1, 1, ct);

        Assert.Equal("""{"id":1,"score":null,"text":null,"at":"2026-01-01T00:00:01\u002B00:00","blob":"AQ=="}""", rows.Single().Row.ToJsonString());
    }

    [Fact]
    public async Task A_row_group_too_large_once_decompressed_is_refused_from_its_footer_before_it_is_read()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = await WriteAsync([3], ct);
        Stream Open() => new MemoryStream(bytes, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);
        var huge = index with { RowGroups = [index.RowGroups[0] with { UncompressedBytes = ParquetRows.MaxRowGroupBytes + 1 }] };

        var error = await Assert.ThrowsAsync<DatasetFileException>(() => ParquetRows.ReadAsync(Open, huge, 0, 1, ct));

        Assert.Contains("MiB once decompressed", error.Message, StringComparison.Ordinal);
        Assert.Single(await ParquetRows.ReadAsync(Open, index, 0, 1, ct));
    }

    [Theory]
    // The second inner list is null, not empty: its definition level (4 of 7) stops at the middle list's item.
    [InlineData("parquet/nested_lists.snappy.parquet", 0, """{"a":[[["a","b"],["c"]],[null,["d"]]],"b":1}""")]
    [InlineData("parquet/alltypes_plain.parquet", 0, "\"timestamp_col\":\"2009-03-01T00:00:00")]
    // A map of maps (Parquet.Net's row reader cannot decode it): a null inner map and an empty one stay apart.
    [InlineData("parquet/nested_maps.snappy.parquet", 2, """{"a":[{"key":"c","value":null}],"b":1,"c":1}""")]
    [InlineData("parquet/nested_maps.snappy.parquet", 3, """{"a":[{"key":"d","value":[]}],"b":1,"c":1}""")]
    [InlineData("parquet/nested_maps.snappy.parquet", 5, """{"a":[{"key":"f","value":[{"key":3,"value":true},{"key":4,"value":false},{"key":5,"value":true}]}],"b":1,"c":1}""")]
    public async Task Corpus_rows_render_nested_lists_and_timestamps(string file, long offset, string expected)
    {
        Assert.True(Corpus.Folder is not null, Corpus.Describe());
        var path = Path.Combine(Corpus.Folder!, file);
        var ct = TestContext.Current.CancellationToken;

        var rows = await ParquetRows.ReadAsync(() => File.OpenRead(path), await ParquetFileIndex.ReadAsync(File.OpenRead(path), ct), offset, 1, ct);

        Assert.Contains(expected, rows.Single().Row.ToJsonString(), StringComparison.Ordinal);
    }

    // id, score (null for odd ids), text (null for id 1 of each group), at, blob; one row group per count.
    private static async Task<byte[]> WriteAsync(int[] groups, CancellationToken ct)
    {
        var id = new DataField<long>("id");
        var score = new DataField<double?>("score");
        var text = new DataField<string>("text", true);
        var at = new DateTimeDataField("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros);
        var blob = new DataField<byte[]>("blob", true);
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, score, text, at, blob), file, cancellationToken: ct))
        {
            var next = 0;
            foreach (var rows in groups)
            {
                var ids = Enumerable.Range(next, rows).ToArray();
                next += rows;
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(id, ids.Select(i => (long)i).ToArray(), cancellationToken: ct);
                await group.WriteAsync<double>(score, ids.Select(i => i % 2 == 0 ? (double?)(i / 2.0) : null).ToArray(), cancellationToken: ct);
                await group.WriteAsync(text, ids.Select(i => i == 1 ? null : $"text {i} ✓").ToArray());
                await group.WriteAsync<DateTime>(at, ids.Select(i => new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc)).ToArray(), cancellationToken: ct);
                await group.WriteAsync(blob, ids.Select(i => new[] { (byte)i }).ToArray());
            }
        }

        return file.ToArray();
    }

    private sealed class MapRow
    {
        public int Id { get; set; }

        public Dictionary<string, int> Counts { get; set; } = [];

        public Point Point { get; set; } = new();
    }

    private sealed class Point
    {
        public int X { get; set; }

        public string Label { get; set; } = string.Empty;
    }
}
