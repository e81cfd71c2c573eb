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
            """{"id":{"dtype":"int64","_type":"Value"},"score":{"dtype":"float64","_type":"Value"},"gap":{"dtype":"float64","_type":"Value"},"flag":{"dtype":"bool","_type":"Value"},"text":{"dtype":"string","_type":"Value"},"empty":{"dtype":"string","_type":"Value"}}""",
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
    [InlineData("a,b\n1,2\n3\n", "Line 3 has 1 fields where the header has 2")]
    [InlineData("a,b\n1,\"open\n", "cannot be read")]
    public async Task A_file_that_is_not_a_table_is_refused_with_the_reason(string csv, string reason)
    {
        var error = await Assert.ThrowsAsync<DatasetFileException>(() => ConvertAsync(csv, ','));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static async Task<(long Rows, ParquetFileIndex Index, List<string> Read)> ConvertAsync(string text, char delimiter, int rowGroupRows = CsvConversion.RowGroupRows)
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = Encoding.UTF8.GetBytes(text);
        using var output = new MemoryStream();
        var rows = await CsvConversion.ConvertAsync(() => new MemoryStream(bytes, writable: false), delimiter, output, ct, rowGroupRows);
        var parquet = output.ToArray();
        Stream Open() => new MemoryStream(parquet, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);
        var read = await ParquetRows.ReadAsync(Open, index, 0, 100, ct);
        return (rows, index, [.. read.Select(r => r.Row.ToJsonString())]);
    }
}
