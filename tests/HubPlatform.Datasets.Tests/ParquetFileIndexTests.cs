using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets.Tests;

public sealed class ParquetFileIndexTests
{
    [Theory]
    [InlineData("""{"info":{"features":{"label":{"names":["neg","pos"],"_type":"ClassLabel"},"text":{"dtype":"string","_type":"Value"}}}}""",
        """{"text":{"dtype":"string","_type":"Value"},"label":{"names":["neg","pos"],"_type":"ClassLabel"}}""")]
    [InlineData("""{"info":{"features":{"text":{"dtype":"string","_type":"Value"}}}}""",
        """{"text":{"dtype":"string","_type":"Value"},"label":{"dtype":"int64","_type":"Value"}}""")]
    [InlineData("""{"info":{"features":{"text":{},"other":{}}}}""",
        """{"text":{"dtype":"string","_type":"Value"},"label":{"dtype":"int64","_type":"Value"}}""")]
    [InlineData("""{"info": not json""",
        """{"text":{"dtype":"string","_type":"Value"},"label":{"dtype":"int64","_type":"Value"}}""")]
    public async Task Features_the_datasets_library_wrote_in_the_file_are_taken_when_they_describe_its_columns(string metadata, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var text = new DataField<string>("text");
        var label = new DataField<long>("label");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text, label), file, cancellationToken: ct))
        {
            writer.CustomMetadata = new Dictionary<string, string> { ["huggingface"] = metadata };
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(text, new[] { "good", "bad" });
            await group.WriteAsync<long>(label, new long[] { 1, 0 }, cancellationToken: ct);
        }

        file.Position = 0;
        var index = await ParquetFileIndex.ReadAsync(file, ct);

        Assert.Equal(expected, index.Features.ToJsonString());
    }

    [Fact]
    public async Task The_footer_gives_row_groups_with_their_first_rows_and_every_column_as_a_datasets_feature()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = new DataField<long>("id");
        var score = new DataField<double?>("score");
        var text = new DataField<string>("text", true);
        var flag = new DataField<bool>("flag");
        var at = new DateTimeDataField("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros);
        var day = new DateTimeDataField("day", DateTimeFormat.Date, isAdjustedToUTC: false);
        var price = new DecimalDataField("price", 10, 2);
        var blob = new DataField<byte[]>("blob", true);
        var small = new DataField<int>("small");
        var schema = new ParquetSchema(id, score, text, flag, at, day, price, blob, small);
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, file, cancellationToken: ct))
        {
            foreach (var rows in new[] { 5, 3, 4 })
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(id, Enumerable.Range(0, rows).Select(i => (long)i).ToArray(), cancellationToken: ct);
                await group.WriteAsync<double>(score, Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? (double?)i : null).ToArray(), cancellationToken: ct);
                await group.WriteAsync(text, Enumerable.Range(0, rows).Select(i => i == 1 ? null : $"row {i}").ToArray());
                await group.WriteAsync<bool>(flag, Enumerable.Range(0, rows).Select(i => i % 2 == 0).ToArray(), cancellationToken: ct);
                await group.WriteAsync<DateTime>(at, Enumerable.Range(0, rows).Select(i => new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc)).ToArray(), cancellationToken: ct);
                await group.WriteAsync<DateTime>(day, Enumerable.Range(0, rows).Select(i => new DateTime(2026, 1, 1 + i, 0, 0, 0, DateTimeKind.Utc)).ToArray(), cancellationToken: ct);
                await group.WriteAsync<decimal>(price, Enumerable.Range(0, rows).Select(i => i + 0.25m).ToArray(), cancellationToken: ct);
                await group.WriteAsync(blob, Enumerable.Range(0, rows).Select(i => new[] { (byte)i }).ToArray());
                await group.WriteAsync<int>(small, Enumerable.Range(0, rows).ToArray(), cancellationToken: ct);
            }
        }

        file.Position = 0;
        var index = await ParquetFileIndex.ReadAsync(file, ct);

        Assert.Equal(12, index.RowCount);
        Assert.Equal([(0L, 5L), (5L, 3L), (8L, 4L)], index.RowGroups.Select(g => (g.FirstRow, g.RowCount)));
        Assert.All(index.RowGroups, g => Assert.True(g.CompressedBytes > 0 && g.UncompressedBytes > 0));
        Assert.Equal(
            """{"id":{"dtype":"int64","_type":"Value"},"score":{"dtype":"float64","_type":"Value"},"text":{"dtype":"string","_type":"Value"},"flag":{"dtype":"bool","_type":"Value"},"at":{"dtype":"timestamp[us, tz=UTC]","_type":"Value"},"day":{"dtype":"date32","_type":"Value"},"price":{"dtype":"decimal128(10, 2)","_type":"Value"},"blob":{"dtype":"binary","_type":"Value"},"small":{"dtype":"int32","_type":"Value"}}""",
            index.Features.ToJsonString());
    }

    [Fact]
    public async Task A_file_of_zero_rows_has_its_columns_and_no_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = new DataField<long>("id");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id), file, cancellationToken: ct))
        {
        }

        file.Position = 0;
        var index = await ParquetFileIndex.ReadAsync(file, ct);

        Assert.Equal(0, index.RowCount);
        Assert.Equal("""{"id":{"dtype":"int64","_type":"Value"}}""", index.Features.ToJsonString());
    }

    [Theory]
    [InlineData("text,label\nhello,1\n")]
    [InlineData("PAR1")]
    [InlineData("")]
    public async Task Bytes_that_are_not_parquet_are_refused_with_a_clear_error(string content)
    {
        using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));

        var error = await Assert.ThrowsAsync<DatasetFileException>(() => ParquetFileIndex.ReadAsync(file, TestContext.Current.CancellationToken));

        Assert.StartsWith("Not a Parquet file", error.Message, StringComparison.Ordinal);
    }
}
