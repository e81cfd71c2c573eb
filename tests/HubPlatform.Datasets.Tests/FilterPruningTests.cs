using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets.Tests;

/// <summary>
/// Row groups ruled out by their statistics hold no matching row (checked against every row for random expressions), and
/// ordered data lets a selective filter skip most groups.
/// </summary>
public sealed class FilterPruningTests
{
    private static readonly string[] Ops = ["=", "!=", "<>", "<", "<=", ">", ">="];

    [Fact]
    public async Task A_row_group_ruled_out_by_its_statistics_holds_no_matching_row()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(12);
        var bytes = await WriteAsync(random, groups: 12, rowsPerGroup: 40, ct);
        Stream Open() => new MemoryStream(bytes, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);
        var rows = await ParquetRows.ReadAsync(Open, index, 0, (int)index.RowCount, ct);
        Assert.All(index.RowGroups, g => Assert.NotNull(g.Columns));

        var pruned = 0;
        for (var i = 0; i < 400; i++)
        {
            var where = Expression(random, depth: 3);
            var filter = FilterExpression.Parse(where);
            foreach (var group in index.RowGroups.Where(g => !filter.MayMatch(g)))
            {
                pruned++;
                var inGroup = rows.Where(r => r.RowIndex >= group.FirstRow && r.RowIndex < group.FirstRow + group.RowCount);
                Assert.DoesNotContain(inGroup, r => filter.Matches(r.Row));
            }
        }

        Assert.True(pruned > 400, $"only {pruned} row groups were ruled out");
    }

    [Theory]
    [InlineData("\"id\" < 40", 1)]
    [InlineData("\"id\" >= 200 AND \"id\" < 240", 1)]
    [InlineData("\"id\" = 75 OR \"id\" = 450", 2)]
    [InlineData("NOT (\"id\" >= 40)", 1)]
    [InlineData("\"name\" = 'name 0077'", 1)]
    [InlineData("\"flag\" IS NULL", 0)]
    [InlineData("\"id\" > 10 OR \"flag\" = TRUE", 12)]
    public async Task Ordered_columns_let_a_selective_filter_skip_most_row_groups(string where, int read)
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = await WriteAsync(null, groups: 12, rowsPerGroup: 40, ct);
        var index = await ParquetFileIndex.ReadAsync(new MemoryStream(bytes), ct);
        var filter = FilterExpression.Parse(where);

        Assert.Equal(read, index.RowGroups.Count(filter.MayMatch));
    }

    // id: 0, 1, 2… (sorted); score: doubles with NaN and nulls; name: 'name 0000'… with nulls; flag: booleans, never null.
    // With a random source the values are shuffled within each group, and some groups are all null.
    private static async Task<byte[]> WriteAsync(Random? random, int groups, int rowsPerGroup, CancellationToken ct)
    {
        var id = new DataField<long?>("id");
        var score = new DataField<double?>("score");
        var name = new DataField<string>("name", true);
        var flag = new DataField<bool>("flag");
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, score, name, flag), file, cancellationToken: ct))
        {
            for (var g = 0; g < groups; g++)
            {
                var ids = Enumerable.Range(g * rowsPerGroup, rowsPerGroup).ToArray();
                if (random is not null)
                {
                    random.Shuffle(ids);
                }

                var allNull = random is not null && g % 5 == 4;
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(id, ids.Select(i => allNull || (random is not null && i % 7 == 0) ? null : (long?)i).ToArray(), cancellationToken: ct);
                await group.WriteAsync<double>(score, ids.Select(i => i % 11 == 0 ? double.NaN : i % 13 == 0 ? (double?)null : i / 4.0).ToArray(), cancellationToken: ct);
                await group.WriteAsync(name, ids.Select(i => allNull || i % 5 == 0 && random is not null ? null : $"name {i:0000}").ToArray());
                await group.WriteAsync<bool>(flag, ids.Select(i => i % 3 == 0).ToArray(), cancellationToken: ct);
            }
        }

        return file.ToArray();
    }

    private static string Expression(Random random, int depth)
    {
        switch (depth == 0 ? random.Next(2) : random.Next(6))
        {
            case 0:
                var column = random.Next(4);
                return column switch
                {
                    0 => $"\"id\" {Op(random)} {random.Next(-10, 500)}",
                    1 => $"\"score\" {Op(random)} {(random.Next(-10, 500) / 4.0).ToString(CultureInfo.InvariantCulture)}",
                    2 => random.Next(8) == 0 ? $"\"name\" {Op(random)} 3" : $"\"name\" {Op(random)} 'name {random.Next(0, 500):0000}'",
                    _ => $"\"flag\" {Op(random)} {(random.Next(2) == 0 ? "TRUE" : "FALSE")}",
                };
            case 1:
                return $"\"{new[] { "id", "score", "name", "flag" }[random.Next(4)]}\" IS {(random.Next(2) == 0 ? string.Empty : "NOT ")}NULL";
            case 2:
                return $"NOT ({Expression(random, depth - 1)})";
            case 3:
            case 4:
                return $"({Expression(random, depth - 1)}) AND ({Expression(random, depth - 1)})";
            default:
                return $"({Expression(random, depth - 1)}) OR ({Expression(random, depth - 1)})";
        }
    }

    private static string Op(Random random) => Ops[random.Next(Ops.Length)];
}
