using HubPlatform.Cards.Tests;

namespace HubPlatform.Datasets.Tests;

/// <summary>Every Parquet file of the real-world corpus is indexed, or refused with a clear error when MANIFEST.tsv calls it malformed.</summary>
public sealed class ParquetCorpusTests
{
    public static TheoryData<string> Files() => [.. Corpus.Manifest().Where(r => r[1] == "parquet").Select(r => r[0])];

    [Fact]
    public void The_corpus_is_present()
    {
        Assert.True(Corpus.Folder is not null, Corpus.Describe());
        Assert.NotEmpty(Files());
    }

    [Theory]
    [InlineData("parquet/nested_lists.snappy.parquet", "\"a\":{\"feature\":{\"feature\":{\"feature\":{\"dtype\":\"string\"")]
    [InlineData("parquet/nested_maps.snappy.parquet", "{\"feature\":{\"key\":")]
    [InlineData("parquet/alltypes_plain.parquet", "\"timestamp_col\":{\"dtype\":\"timestamp[ns]\"")]
    [InlineData("parquet/fixed_length_decimal.parquet", "\"dtype\":\"decimal128(25, 2)\"")]
    public async Task Nested_and_logical_types_of_the_corpus_become_the_datasets_features(string file, string expected)
    {
        Assert.True(Corpus.Folder is not null, Corpus.Describe());
        await using var stream = File.OpenRead(Path.Combine(Corpus.Folder!, file));

        var index = await ParquetFileIndex.ReadAsync(stream, TestContext.Current.CancellationToken);

        Assert.Contains(expected, index.Features.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_corpus_file_is_indexed_or_refused_as_its_manifest_says(string file)
    {
        var row = Corpus.Manifest().Single(r => r[0] == file);
        var malformed = row.Length > 4 && row[4].StartsWith("MALFORMED", StringComparison.Ordinal);
        await using var stream = File.OpenRead(Path.Combine(Corpus.Folder!, file));

        if (malformed)
        {
            var error = await Record.ExceptionAsync(() => ParquetFileIndex.ReadAsync(stream, TestContext.Current.CancellationToken));

            // A malformed footer is refused; one whose damage is in the data pages is found when rows are read.
            Assert.True(error is null or DatasetFileException, $"{file}: {error}");
            return;
        }

        var index = await ParquetFileIndex.ReadAsync(stream, TestContext.Current.CancellationToken);

        Assert.NotEmpty(index.Features);
        Assert.Equal(index.RowCount, index.RowGroups.Sum(g => g.RowCount));
        Assert.All(index.RowGroups.Skip(1).Zip(index.RowGroups), p => Assert.Equal(p.Second.FirstRow + p.Second.RowCount, p.First.FirstRow));
    }
}
