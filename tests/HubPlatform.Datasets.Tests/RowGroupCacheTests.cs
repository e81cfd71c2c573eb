using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets.Tests;

/// <summary>Pages read through the cache of decoded row groups equal pages read without it, and stay within their scope.</summary>
public sealed class RowGroupCacheTests
{
    [Fact]
    public async Task Pages_from_cached_row_groups_match_fresh_reads_and_another_scope_finds_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var bytes = await WriteAsync(ct);
        Stream Open() => new MemoryStream(bytes, writable: false);
        var index = await ParquetFileIndex.ReadAsync(Open(), ct);
        using var cache = new RowGroupCache(Options.Create(new DatasetOptions()));

        foreach (var (offset, length) in new[] { (0L, 100), (50, 100), (990, 30), (1500, 100), (0, 100) })
        {
            var fresh = await ParquetRows.ReadAsync(Open, index, offset, length, ct);
            var cached = await ParquetRows.ReadAsync(Open, index, offset, length, (cache, "acme/a", "sha"), ct);

            Assert.Equal(fresh.Select(r => (r.RowIndex, r.Row.ToJsonString())), cached.Select(r => (r.RowIndex, r.Row.ToJsonString())));
        }

        Assert.NotNull(cache.Get("acme/a", "sha", 0));
        Assert.NotNull(cache.Get("acme/a", "sha", 1));
        Assert.Null(cache.Get("acme/b", "sha", 0));
        using var none = new RowGroupCache(Options.Create(new DatasetOptions { RowGroupCacheBytes = 0 }));
        await ParquetRows.ReadAsync(Open, index, 0, 10, (none, "acme/a", "sha"), ct);
        Assert.Null(none.Get("acme/a", "sha", 0));
    }

    // 2,000 rows in two groups: id, a nullable score, text with nulls.
    private static async Task<byte[]> WriteAsync(CancellationToken ct)
    {
        var fields = new DataField[] { new DataField<long>("id"), new DataField<double?>("score"), new DataField<string>("text", true) };
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, cancellationToken: ct))
        {
            for (var first = 0; first < 2000; first += 1000)
            {
                var ids = Enumerable.Range(first, 1000).ToArray();
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(fields[0], ids.Select(i => (long)i).ToArray(), cancellationToken: ct);
                await group.WriteAsync<double>(fields[1], ids.Select(i => i % 3 == 0 ? null : (double?)i / 2).ToArray(), cancellationToken: ct);
                await group.WriteAsync(fields[2], ids.Select(i => i % 5 == 0 ? null : $"row {i}").ToArray());
            }
        }

        return file.ToArray();
    }
}
