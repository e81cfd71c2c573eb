using System.Text;

namespace HubPlatform.Datasets.Tests;

/// <summary>CSV and TSV files become Parquet with the types the datasets library would give their columns.</summary>
public sealed class CsvConversionTests
{
    [Fact]
    public async Task Columns_get_the_narrowest_type_and_rows_survive_quotes_and_row_groups()
    {
        var csv = "id,score,gap,flag,text,empty\n"
            + "1,0.5,7,true,plain,\n"
            + "2,3,,False,\"with, comma\",\n"
            + "3,nan,9,true,\"two\nlines\",\n"
            + "4,-inf,10,false,\"quote \"\"inside\"\"\",\n"
            + "5,1e3,11,TRUE,,\n";

        var (rows, index, read) = await ConvertAsync(csv, ',', rowGroupRows: 2);

        Assert.Equal(5, rows);
        Assert.Equal([2L, 2, 1], index.RowGroups.Select(g => g.RowCount));
        Assert.Equal(
            """{"id":{"dtype":"int64","_type":"Value"},"score":{"dtype":"float64","_type":"Value"},"gap":{"dtype":"float64","_type":"Value"},"flag":{"dtype":"bool","_type":"Value"},"text":{"dtype":"string","_type":"Value"},"empty":{"dtype":"float64","_type":"Value"}}""",
            index.Features.ToJsonString());
        Assert.Equal(
            [
                """{"id":1,"score":0.5,"gap":7,"flag":true,"text":"plain","empty":null}""",
                """{"id":2,"score":3,"gap":null,"flag":false,"text":"with, comma","empty":null}""",
                """{"id":3,"score":null,"gap":9,"flag":true,"text":"two\nlines","empty":null}""",
                """{"id":4,"score":null,"gap":10,"flag":false,"text":"quote \u0022inside\u0022","empty":null}""",
                """{"id":5,"score":1000,"gap":11,"flag":true,"text":null,"empty":null}""",
            ],
            read);
    }

    [Fact]
    public async Task Tab_separated_files_convert_and_mixed_columns_are_text()
    {
        var (_, index, read) = await ConvertAsync("a\tb\n1\tx\n2.5\t3\n", '\t');

        Assert.Equal("""{"a":{"dtype":"float64","_type":"Value"},"b":{"dtype":"string","_type":"Value"}}""", index.Features.ToJsonString());
        Assert.Equal(["""{"a":1,"b":"x"}""", """{"a":2.5,"b":"3"}"""], read);
    }

    [Theory]
    [InlineData("", "no header")]
    [InlineData("a,a\n1,2\n", "names a column twice")]
    [InlineData("a,b\n1,2\n3\n", "line 3 has 1 fields where the header has 2")]
    [InlineData("a,b\n1,\"open\n", "cannot be read")]
    public async Task A_file_that_is_not_a_table_is_refused_with_the_reason(string csv, string reason)
    {
        var error = await Assert.ThrowsAsync<DatasetFileException>(() => ConvertAsync(csv, ','));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_files_of_a_split_share_one_type_per_column_and_a_large_split_is_cut_into_parts()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Encoding.UTF8.GetBytes("n,x\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i}\n")));
        var second = Encoding.UTF8.GetBytes("n,x\n" + string.Concat(Enumerable.Range(50, 50).Select(i => $"{i},{i}.5\n")));
        var folder = Path.Combine(Path.GetTempPath(), "csv-" + Guid.NewGuid().ToString("N"));
        await using var shards = new ParquetShards(folder, shardBytes: 1);

        var rows = await CsvConversion.ConvertAsync([("a.csv", () => new MemoryStream(first)), ("b.csv", () => new MemoryStream(second))], ',', shards, rowGroupRows: 30, ct);

        Assert.Equal(100, rows);
        // Every row group reaches the one-byte limit, so each is a part of its own: 30, 20 (end of the first file), 30, 20.
        Assert.Equal(["0000.parquet", "0001.parquet", "0002.parquet", "0003.parquet"], shards.Files.Select(Path.GetFileName));
        var read = new List<string>();
        foreach (var file in shards.Files)
        {
            ParquetFileIndex index;
            await using (var stream = File.OpenRead(file))
            {
                index = await ParquetFileIndex.ReadAsync(stream, ct);
            }

            Assert.Equal("""{"n":{"dtype":"int64","_type":"Value"},"x":{"dtype":"float64","_type":"Value"}}""", index.Features.ToJsonString());
            read.AddRange((await ParquetRows.ReadAsync(() => File.OpenRead(file), index, 0, 100, ct)).Select(r => r.Row.ToJsonString()));
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $$"""{"n":{{i}},"x":{{(i < 50 ? $"{i}" : $"{i}.5")}}}"""), read);
    }

    [Fact]
    public async Task Files_of_one_split_with_different_headers_are_refused()
    {
        var folder = Path.Combine(Path.GetTempPath(), "csv-" + Guid.NewGuid().ToString("N"));
        await using var shards = new ParquetShards(folder, long.MaxValue);

        var error = await Assert.ThrowsAsync<DatasetFileException>(() => CsvConversion.ConvertAsync(
            [("a.csv", () => new MemoryStream("x,y\n1,2\n"u8.ToArray())), ("b.csv", () => new MemoryStream("x,z\n1,2\n"u8.ToArray()))], ',', shards, 10, TestContext.Current.CancellationToken));

        Assert.Contains("b.csv has the columns (x, z), where the split's first file has (x, y)", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(long Rows, ParquetFileIndex Index, List<string> Read)> ConvertAsync(string text, char delimiter, int rowGroupRows = 100_000)
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = Encoding.UTF8.GetBytes(text);
        var folder = Path.Combine(Path.GetTempPath(), "csv-" + Guid.NewGuid().ToString("N"));
        await using var shards = new ParquetShards(folder, long.MaxValue);
        var rows = await CsvConversion.ConvertAsync([("data.csv", () => new MemoryStream(bytes, writable: false))], delimiter, shards, rowGroupRows, ct);
        var file = Assert.Single(shards.Files);
        await using var stream = File.OpenRead(file);
        var index = await ParquetFileIndex.ReadAsync(stream, ct);
        var read = await ParquetRows.ReadAsync(() => File.OpenRead(file), index, 0, 100, ct);
        return (rows, index, [.. read.Select(r => r.Row.ToJsonString())]);
    }
}
