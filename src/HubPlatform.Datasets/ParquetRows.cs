using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Serialization;

namespace HubPlatform.Datasets;

/// <summary>
/// A page of rows of a Parquet file, read from only the row groups that hold it (one at a time, so memory is bounded by a
/// row group, not the file), with each cell as JSON the way the dataset viewer renders it: numbers as numbers (NaN and
/// infinities as null), text as strings, binary as base64, timestamps and dates in ISO 8601, lists as arrays, structs as
/// objects and maps as lists of <c>{key, value}</c>.
/// </summary>
public static class ParquetRows
{
    /// <summary>
    /// The largest row group read, once decompressed (as its footer says): the reader holds a whole row group, and a few
    /// kilobytes of Brotli can say two gigabytes of text.
    /// </summary>
    public const long MaxRowGroupBytes = 512L * 1024 * 1024;


    /// <summary>
    /// Rows <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="length"/> - 1 (fewer at the end), each
    /// with its index in the file. Files whose columns are all flat scalars are read column by column (<see cref="FlatColumns"/>);
    /// nested ones through <see cref="NestedColumns"/>; others (leaf types it does not read) through Parquet.Net's row reader, which
    /// opens the file again with <paramref name="open"/>.
    /// </summary>
    /// <exception cref="DatasetFileException">A row group cannot be read.</exception>
    public static Task<IReadOnlyList<(long RowIndex, JsonObject Row)>> ReadAsync(Func<Stream> open, ParquetFileIndex index, long offset, int length, CancellationToken cancellationToken) =>
        ReadAsync(open, index, offset, length, null, cancellationToken);

    /// <summary>As the other overload, keeping decoded row groups of flat files in the cache given with <paramref name="cached"/> (under its scope and the file's content).</summary>
    internal static async Task<IReadOnlyList<(long RowIndex, JsonObject Row)>> ReadAsync(Func<Stream> open, ParquetFileIndex index, long offset, int length,
        (RowGroupCache Cache, string Scope, string Sha256)? cached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var rows = new List<(long, JsonObject)>();
        var end = Math.Min(index.RowCount, offset + length);
        Stream? stream = null;
        ParquetReader? reader = null;
        try
        {
            for (var g = 0; g < index.RowGroups.Count && offset + rows.Count < end; g++)
            {
                var group = index.RowGroups[g];
                var next = offset + rows.Count;
                if (group.FirstRow + group.RowCount <= next || group.RowCount == 0)
                {
                    continue;
                }

                if (group.UncompressedBytes > MaxRowGroupBytes)
                {
                    throw new DatasetFileException($"Row group {g} holds {group.UncompressedBytes / (1024 * 1024)} MiB once decompressed; this server reads row groups of at most {MaxRowGroupBytes / (1024 * 1024)} MiB.");
                }

                var start = (int)(next - group.FirstRow);
                var count = (int)Math.Min(end - next, group.RowCount - start);
                try
                {
                    var decoded = cached is var (cache, scope, sha256) ? cache.Get(scope, sha256, g) : null;
                    if (decoded is null)
                    {
                        if (reader is null)
                        {
                            stream = open();
                            reader = await ParquetReader.CreateAsync(stream, ParquetReading.Options(), cancellationToken: cancellationToken);
                        }

                        if (FlatColumns.Supports(reader.Schema))
                        {
                            decoded = await FlatColumns.DecodeAsync(reader, g, cancellationToken);
                            if (cached is var (into, intoScope, intoSha256))
                            {
                                into.Set(intoScope, intoSha256, g, decoded);
                            }
                        }
                    }

                    if (decoded is not null)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            var row = new JsonObject();
                            foreach (var (name, _) in index.Features)
                            {
                                row[name] = Cell(decoded.Cell(name, start + i));
                            }

                            rows.Add((group.FirstRow + start + i, row));
                        }

                        continue;
                    }

                    // Only a cached group skips opening the reader, and cached groups are flat.
                    if (NestedColumns.Supports(reader!.Schema))
                    {
                        var assembled = await NestedColumns.ReadAsync(reader, g, start, count, cancellationToken);
                        for (var i = 0; i < assembled.Count; i++)
                        {
                            var row = new JsonObject();
                            foreach (var (name, _) in index.Features)
                            {
                                row[name] = Cell(assembled[i].GetValueOrDefault(name));
                            }

                            rows.Add((group.FirstRow + start + i, row));
                        }

                        continue;
                    }

                    // Leaf types or layouts the assembler does not read: Parquet.Net's row reader, which loses empty lists
                    // (they read as null), null items of lists and null members of structs.
                    await using var again = open();
                    var data = (await ParquetSerializer.DeserializeUntypedAsync(again, ParquetReading.Options(), g, cancellationToken)).Data;
                    for (var i = start; i < data.Count && i < start + count; i++)
                    {
                        // Every column, in the file's order; the reader leaves null cells out of its dictionaries.
                        var row = new JsonObject();
                        var cells = data[i];
                        foreach (var (name, _) in index.Features)
                        {
                            row[name] = Cell(cells.GetValueOrDefault(name));
                        }

                        rows.Add((group.FirstRow + i, row));
                    }
                }
                catch (FieldAccessException e)
                {
                    // The reader builds a decoder per column layout; some nestings (a map inside a map) it cannot build.
                    throw new DatasetFileException($"Row group {g} uses a column layout the server's Parquet reader cannot decode ({e.Message}).", e);
                }
                catch (Exception e) when (e is not DatasetFileException && DatasetFileException.IsReadFailure(e))
                {
                    throw new DatasetFileException($"Row group {g} cannot be read: {DatasetFileException.Describe(e)}", e);
                }
            }
        }
        finally
        {
            if (reader is not null)
            {
                await reader.DisposeAsync();
            }

            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }

        return rows;
    }

    /// <summary>One cell as the viewer renders it.</summary>
    public static JsonNode? Cell(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        ReadOnlyMemory<char> text => JsonValue.Create(text.ToString()),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        float f => float.IsFinite(f) ? JsonValue.Create(f) : null,
        Half h => Half.IsFinite(h) ? JsonValue.Create((double)h) : null,
        decimal m => JsonValue.Create(m),
        sbyte or byte or short or ushort or int or uint or long or ulong => JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        DateTime t => JsonValue.Create(t.Kind == DateTimeKind.Utc ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'+00:00'", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateTimeOffset t => JsonValue.Create(t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => JsonValue.Create(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        TimeSpan t => JsonValue.Create(t.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString()),
        IDictionary<string, object> structure => Struct(structure),
        KeyValuePair<object?, object?> entry => new JsonObject { ["key"] = Cell(entry.Key), ["value"] = Cell(entry.Value) },
        IDictionary map => Map(map),
        IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(Cell)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static JsonObject Struct(IDictionary<string, object> structure)
    {
        var result = new JsonObject();
        foreach (var (name, value) in structure)
        {
            result[name] = Cell(value);
        }

        return result;
    }

    private static JsonArray Map(IDictionary map)
    {
        var result = new JsonArray();
        foreach (DictionaryEntry entry in map)
        {
            result.Add((JsonNode)new JsonObject { ["key"] = Cell(entry.Key), ["value"] = Cell(entry.Value) });
        }

        return result;
    }
}
