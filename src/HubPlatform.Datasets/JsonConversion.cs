using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace HubPlatform.Datasets;

/// <summary>
/// JSON and JSON Lines files to Parquet, the way the <c>datasets</c> library loads them: a file of one object per line is
/// read as Arrow's JSON reader reads it (types as <see cref="JsonColumnType"/> says, dates and times becoming
/// <c>timestamp[s]</c>); a file holding one array of objects is read as <c>pa.Table.from_pylist</c> reads it (the same types,
/// but strings stay strings). A key missing from a row is null there. Two passes over the files (types, then rows), with
/// at most one row group's rows in memory.
/// </summary>
internal static class JsonConversion
{
    // A row group also ends once its rows took this much source text, so that wide rows do not fill memory.
    private const long MaxBatchSourceBytes = 64L * 1024 * 1024;

    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH", "yyyy-MM-dd HH", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss",
         "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss'Z'"];

    /// <summary>Converts files into Parquet shards; returns the rows written.</summary>
    /// <exception cref="DatasetFileException">A file holds no records, or a column mixes types Arrow cannot put in one column.</exception>
    public static async Task<long> ConvertAsync(IReadOnlyList<(string Name, Func<Stream> Open)> sources, ParquetShards shards, int rowGroupRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(shards);
        var columns = new JsonColumnType.StructOf([]);
        foreach (var (name, open) in sources)
        {
            await foreach (var record in RecordsAsync(name, open, cancellationToken))
            {
                var type = TypeOf(record.Row, record.Lines);
                columns = JsonColumnType.Merge(columns, type) as JsonColumnType.StructOf
                    ?? throw new DatasetFileException($"{name}, {record.Where}: {Conflict(columns, (JsonColumnType.StructOf)type)}");
            }
        }

        if (columns.Fields.Count == 0)
        {
            throw new DatasetFileException("The split's JSON files hold no keys, so there is no column to show.");
        }

        var schema = new ParquetSchema([.. columns.Fields.Select(f => f.Type.Field(f.Name))]);
        var metadata = ConversionMetadata.For((JsonObject)columns.Feature());
        var batch = new List<IDictionary<string, object?>>();
        long batchStart = 0;
        long total = 0;
        foreach (var (name, open) in sources)
        {
            await foreach (var record in RecordsAsync(name, open, cancellationToken))
            {
                if (batch.Count == 0)
                {
                    batchStart = record.SourceOffset;
                }

                batch.Add((IDictionary<string, object?>)ToClr(record.Row, columns)!);
                if (batch.Count >= rowGroupRows || record.SourceOffset - batchStart >= MaxBatchSourceBytes)
                {
                    total += await WriteAsync(batch, schema, metadata, shards, cancellationToken);
                }
            }

            total += await WriteAsync(batch, schema, metadata, shards, cancellationToken);
        }

        if (shards.Files.Count == 0 && !shards.CurrentHasData)
        {
            // A split of no rows is still one file, which says what its columns are.
            await (await ConversionMetadata.CreateWriterAsync(schema, shards.Current, metadata, cancellationToken)).DisposeAsync();
        }

        await shards.FinishCurrentAsync();
        return total;
    }

    private static async Task<long> WriteAsync(List<IDictionary<string, object?>> batch, ParquetSchema schema, IReadOnlyDictionary<string, string> metadata, ParquetShards shards, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var options = ParquetReading.Options(append: shards.CurrentHasData);
        await ParquetSerializer.SerializeUntypedAsync(batch, schema, shards.Current, options, metadata, cancellationToken);
        var written = batch.Count;
        batch.Clear();
        if (shards.CurrentIsFull)
        {
            await shards.FinishCurrentAsync();
        }

        return written;
    }

    private static string Conflict(JsonColumnType.StructOf columns, JsonColumnType.StructOf row)
    {
        foreach (var (name, type) in row.Fields)
        {
            if (columns.Fields.FirstOrDefault(f => f.Name == name) is { Type: { } before } && JsonColumnType.Merge(before, type) is null)
            {
                return $"column '{name}' was {before.Describe()} and here is {type.Describe()}; one column holds one type (as in Arrow and the datasets library).";
            }
        }

        return "a column changes its type.";
    }

    private sealed record Record(JsonObject Row, bool Lines, string Where, long SourceOffset);

    // The objects of a file: the items of its one top-level array, or one per line.
    private static async IAsyncEnumerable<Record> RecordsAsync(string name, Func<Stream> open, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = open();
        if (await FirstByteAsync(stream, cancellationToken) == '[')
        {
            var index = 0;
            var items = JsonSerializer.DeserializeAsyncEnumerable(stream, JsonConversionContext.Default.JsonNode, cancellationToken);
            await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (JsonException e)
                {
                    throw new DatasetFileException($"{name} is not valid JSON: {e.Message}", e);
                }

                yield return enumerator.Current is JsonObject row
                    ? new Record(row, false, $"item {index}", stream.CanSeek ? stream.Position : 0)
                    : throw new DatasetFileException($"{name}: item {index} of the array is not an object; each record must be one.");
                index++;
            }

            yield break;
        }

        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var line = 0;
        long offset = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            offset += text.Length + 1;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new DatasetFileException($"{name}: line {line} is not one JSON object ({e.Message}). A JSON file must hold one array of objects, or one object per line.", e);
            }

            yield return node is JsonObject row
                ? new Record(row, true, $"line {line}", offset)
                : throw new DatasetFileException($"{name}: line {line} is not a JSON object. A JSON file must hold one array of objects, or one object per line.");
        }
    }

    // The first byte that is not white space (or a byte order mark); the stream is left at its start.
    private static async Task<int> FirstByteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = 0;
        var start = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        for (var i = start; i < read; i++)
        {
            if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return buffer[i];
            }
        }

        return -1;
    }

    private static JsonColumnType TypeOf(JsonNode? node, bool inferTimestamps)
    {
        switch (node)
        {
            case null:
                return JsonColumnType.Null;
            case JsonObject obj:
                return new JsonColumnType.StructOf([.. obj.Select(kv => (kv.Key, TypeOf(kv.Value, inferTimestamps)))]);
            case JsonArray array:
                var item = JsonColumnType.Null;
                foreach (var element in array)
                {
                    item = JsonColumnType.Merge(item, TypeOf(element, inferTimestamps))
                        ?? throw new DatasetFileException($"An array mixes {item.Describe()} and {TypeOf(element, inferTimestamps).Describe()} items; a list holds one type.");
                }

                return new JsonColumnType.ListOf(item);
            default:
                var value = node.AsValue();
                return value.GetValueKind() switch
                {
                    JsonValueKind.True or JsonValueKind.False => JsonColumnType.Bool,
                    JsonValueKind.Number => value.TryGetValue<long>(out _) ? JsonColumnType.Int : JsonColumnType.Float,
                    JsonValueKind.String => inferTimestamps && TryTimestamp(value.GetValue<string>(), out _) ? JsonColumnType.Timestamp : JsonColumnType.String,
                    _ => JsonColumnType.Null,
                };
        }
    }

    private static bool TryTimestamp(string text, out DateTime value) =>
        DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);

    // A value in the shape Parquet.Net's untyped writer takes for the column's type: dictionaries for structs, typed lists.
    private static object? ToClr(JsonNode? node, JsonColumnType type)
    {
        if (node is null)
        {
            return null;
        }

        switch (type)
        {
            case JsonColumnType.StructOf { Fields.Count: 0 }:
                return null;
            case JsonColumnType.StructOf structType:
                var obj = (JsonObject)node;
                var row = new Dictionary<string, object?>(structType.Fields.Count, StringComparer.Ordinal);
                foreach (var (name, fieldType) in structType.Fields)
                {
                    row[name] = ToClr(obj[name], fieldType);
                }

                return row;
            case JsonColumnType.ListOf list:
                var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(list.Item.ItemClrType))!;
                foreach (var element in (JsonArray)node)
                {
                    if (element is null && list.Item is JsonColumnType.ListOf or JsonColumnType.StructOf)
                    {
                        // Parquet.Net writes a null list or object inside a list at the level of an empty list, which
                        // misplaces the rest of the row: refused rather than stored wrong.
                        throw new DatasetFileException($"A list of {list.Item.Describe()} holds a null item; this server cannot store one in Parquet yet.");
                    }

                    var item = ToClr(element, list.Item);
                    items.Add(item is string s ? (ReadOnlyMemory<char>?)s.AsMemory() : item);
                }

                return items;
            default:
                var value = node.AsValue();
                if (type == JsonColumnType.Bool)
                {
                    return value.GetValue<bool>();
                }

                if (type == JsonColumnType.Int)
                {
                    return value.GetValue<long>();
                }

                if (type == JsonColumnType.Float)
                {
                    return value.GetValue<double>();
                }

                if (type == JsonColumnType.Timestamp)
                {
                    return TryTimestamp(value.GetValue<string>(), out var timestamp) ? timestamp : null;
                }

                return type == JsonColumnType.String ? value.GetValue<string>() : null;
        }
    }
}

/// <summary>Source-generated JSON for reading records.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonConversionContext : System.Text.Json.Serialization.JsonSerializerContext;
