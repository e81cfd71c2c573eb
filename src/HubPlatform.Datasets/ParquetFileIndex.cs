using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// What the viewer needs of a Parquet file without reading its data: the row count, each row group's first row and sizes
/// (so a page of rows reads only the groups that hold it) and the columns as <c>datasets</c> features. Read from the footer.
/// </summary>
/// <param name="RowCount">Rows in the file.</param>
/// <param name="RowGroups">Its row groups, in order.</param>
/// <param name="Features">The columns, name to feature, in the <c>datasets</c> JSON form (<c>{"dtype":"int64","_type":"Value"}</c>).</param>
public sealed record ParquetFileIndex(long RowCount, IReadOnlyList<RowGroupIndex> RowGroups, JsonObject Features)
{
    /// <summary>Reads a file's footer (the stream must be seekable).</summary>
    /// <exception cref="DatasetFileException">The bytes are not a Parquet file this reader can read.</exception>
    public static async Task<ParquetFileIndex> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
            var groups = new List<RowGroupIndex>();
            long first = 0;
            var metadata = reader.Metadata?.RowGroups ?? [];
            for (var g = 0; g < metadata.Count; g++)
            {
                var group = metadata[g];
                groups.Add(new RowGroupIndex(first, group.NumRows, group.TotalCompressedSize ?? 0, group.TotalByteSize, ColumnStatistics.Of(reader, g)));
                first += group.NumRows;
            }

            return new ParquetFileIndex(first, groups, ParquetFeatures.Of(reader.Schema));
        }
        catch (Exception e) when (DatasetFileException.IsReadFailure(e))
        {
            throw new DatasetFileException($"Not a Parquet file this server can read: {DatasetFileException.Describe(e)}", e);
        }
    }
}

/// <summary>One row group of a Parquet file.</summary>
/// <param name="FirstRow">The index of its first row in the file.</param>
/// <param name="RowCount">Its rows.</param>
/// <param name="CompressedBytes">Its size on disk.</param>
/// <param name="UncompressedBytes">Its size once decompressed.</param>
/// <param name="Columns">Statistics of its flat columns that can be trusted for filtering (see <see cref="ColumnStatistics"/>), or null.</param>
public sealed record RowGroupIndex(long FirstRow, long RowCount, long CompressedBytes, long UncompressedBytes, IReadOnlyDictionary<string, ColumnStatistics>? Columns = null);
