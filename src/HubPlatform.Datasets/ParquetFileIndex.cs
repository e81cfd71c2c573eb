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
            await using var reader = await ParquetReader.CreateAsync(stream, ParquetReading.Options(), cancellationToken: cancellationToken);
            var groups = new List<RowGroupIndex>();
            long first = 0;
            var metadata = reader.Metadata?.RowGroups ?? [];
            for (var g = 0; g < metadata.Count; g++)
            {
                var group = metadata[g];
                groups.Add(new RowGroupIndex(first, group.NumRows, group.TotalCompressedSize ?? 0, group.TotalByteSize, ColumnStatistics.Of(reader, g)));
                first += group.NumRows;
            }

            var features = ParquetFeatures.Of(reader.Schema);
            return new ParquetFileIndex(first, groups, DeclaredFeatures(reader.CustomMetadata, features) ?? features);
        }
        catch (Exception e) when (DatasetFileException.IsReadFailure(e))
        {
            throw new DatasetFileException($"Not a Parquet file this server can read: {DatasetFileException.Describe(e)}", e);
        }
    }

    // The features the datasets library wrote into the file's "huggingface" metadata ({"info": {"features": …}}) when they
    // describe exactly its columns: they say what the Parquet types cannot (class label names, Image, Audio). Else null.
    private static JsonObject? DeclaredFeatures(IReadOnlyDictionary<string, string>? metadata, JsonObject columns)
    {
        if (metadata?.GetValueOrDefault("huggingface") is not { } text)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text)?["info"]?["features"] is not JsonObject declared || declared.Count != columns.Count
                || columns.Any(c => declared[c.Key] is not JsonObject))
            {
                return null;
            }

            // In the file's column order.
            return new JsonObject(columns.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)declared[c.Key]!.DeepClone())));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>One row group of a Parquet file.</summary>
public sealed record RowGroupIndex(long FirstRow, long RowCount, long CompressedBytes, long UncompressedBytes, IReadOnlyDictionary<string, ColumnStatistics>? Columns = null);
