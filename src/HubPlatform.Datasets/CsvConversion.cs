using System.Globalization;
using Microsoft.VisualBasic.FileIO;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// CSV or TSV files to Parquet, the way the <c>datasets</c> library loads them through pandas: the first line names the
/// columns; an empty field is null; a column is <c>int64</c> when every value is a whole number and none is missing (pandas
/// has no missing integers, so a gap makes it <c>float64</c>), <c>float64</c> when every value is a number or none is given
/// at all (pandas reads an empty column as not-a-number), <c>bool</c> when every value is true or false, and <c>string</c>
/// otherwise. The files of a split must have the same header; a column's type is the narrowest that holds it in every file.
/// Two passes over the files (types, then rows), one row group in memory at a time.
/// </summary>
internal static class CsvConversion
{
    /// <summary>Converts files into Parquet shards; returns the rows written and the columns' features.</summary>
    /// <exception cref="DatasetFileException">A file is not a table of fields under a header, or not the same table as the first.</exception>
    public static async Task<long> ConvertAsync(IReadOnlyList<(string Name, Func<Stream> Open)> sources, char delimiter, ParquetShards shards, int rowGroupRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(shards);
        var (names, kinds) = Infer(sources, delimiter, cancellationToken);
        var fields = names.Select((name, i) => Field(name, kinds[i])).ToArray();
        var schema = new ParquetSchema(fields);
        var metadata = ConversionMetadata.For(ParquetFeatures.Of(schema));
        ParquetWriter? writer = null;
        long total = 0;
        try
        {
            foreach (var (name, open) in sources)
            {
                foreach (var batch in Rows(name, open, delimiter, names.Count, rowGroupRows))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer ??= await ConversionMetadata.CreateWriterAsync(schema, shards.Current, metadata, cancellationToken);
                    await WriteGroupAsync(writer, fields, kinds, batch, cancellationToken);
                    total += batch.Count;
                    if (shards.CurrentIsFull)
                    {
                        await writer.DisposeAsync();
                        writer = null;
                        await shards.FinishCurrentAsync();
                    }
                }
            }

            // A split of no rows is still one file, which says what its columns are.
            if (writer is null && shards.Files.Count == 0)
            {
                writer = await ConversionMetadata.CreateWriterAsync(schema, shards.Current, metadata, cancellationToken);
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }

        await shards.FinishCurrentAsync();
        return total;
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, DataField[] fields, Kind[] kinds, List<string?[]> batch, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < fields.Length; c++)
        {
            var values = batch.Select(row => row[c]).ToArray();
            switch (kinds[c])
            {
                case Kind.Int:
                    await group.WriteAsync<long>(fields[c], values.Select(v => long.Parse(v!, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray(), cancellationToken: cancellationToken);
                    break;
                case Kind.Float:
                    await group.WriteAsync<double>(fields[c], values.Select(v => v is null ? (double?)null : ParseDouble(v)).ToArray(), cancellationToken: cancellationToken);
                    break;
                case Kind.Bool:
                    await group.WriteAsync<bool>(fields[c], values.Select(v => v is null ? (bool?)null : bool.Parse(v)).ToArray(), cancellationToken: cancellationToken);
                    break;
                default:
                    await group.WriteAsync(fields[c], values);
                    break;
            }
        }
    }

    private enum Kind
    {
        Empty,
        Bool,
        Int,
        Float,
        String,
    }

    private static DataField Field(string name, Kind kind) => kind switch
    {
        Kind.Int => new DataField<long>(name),
        Kind.Float => new DataField<double?>(name),
        Kind.Bool => new DataField<bool?>(name),
        _ => new DataField<string>(name, true),
    };

    // The columns' names, and the narrowest kind that holds each column's values in every file.
    private static (List<string> Names, Kind[] Kinds) Infer(IReadOnlyList<(string Name, Func<Stream> Open)> sources, char delimiter, CancellationToken cancellationToken)
    {
        List<string>? names = null;
        Kind[] kinds = [];
        bool[] missing = [];
        foreach (var (name, open) in sources)
        {
            using var parser = Parser(open(), delimiter);
            var header = parser.ReadFields() is { Length: > 0 } fields ? fields.ToList() : throw new DatasetFileException($"{name} has no header line naming its columns.");
            if (header.Distinct(StringComparer.Ordinal).Count() != header.Count || header.Any(string.IsNullOrEmpty))
            {
                throw new DatasetFileException($"The header line of {name} names a column twice, or leaves one unnamed.");
            }

            if (names is null)
            {
                (names, kinds, missing) = (header, new Kind[header.Count], new bool[header.Count]);
            }
            else if (!names.SequenceEqual(header, StringComparer.Ordinal))
            {
                throw new DatasetFileException($"{name} has the columns ({string.Join(", ", header)}), where the split's first file has ({string.Join(", ", names)}).");
            }

            while (Next(name, parser, names.Count) is { } row)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var c = 0; c < row.Length; c++)
                {
                    if (row[c] is null)
                    {
                        missing[c] = true;
                        continue;
                    }

                    kinds[c] = Widen(kinds[c], KindOf(row[c]!));
                }
            }
        }

        if (names is null)
        {
            throw new DatasetFileException("The split has no files.");
        }

        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = kinds[c] switch
            {
                Kind.Int when missing[c] => Kind.Float,
                Kind.Empty => Kind.Float,
                var kind => kind,
            };
        }

        return (names, kinds);
    }

    private static IEnumerable<List<string?[]>> Rows(string name, Func<Stream> open, char delimiter, int columns, int rowGroupRows)
    {
        using var parser = Parser(open(), delimiter);
        parser.ReadFields();
        var batch = new List<string?[]>();
        while (Next(name, parser, columns) is { } row)
        {
            batch.Add(row);
            if (batch.Count == rowGroupRows)
            {
                yield return batch;
                batch = [];
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    // The next line's fields, empty ones as null; a line with another number of fields than the header is an error.
    private static string?[]? Next(string name, TextFieldParser parser, int columns)
    {
        var line = parser.LineNumber;
        string[]? fields;
        try
        {
            fields = parser.ReadFields();
        }
        catch (MalformedLineException e)
        {
            throw new DatasetFileException($"{name}: line {e.LineNumber} cannot be read as fields: {e.Message}", e);
        }

        if (fields is null)
        {
            return null;
        }

        return fields.Length == columns
            ? [.. fields.Select(f => f.Length == 0 ? null : f)]
            : throw new DatasetFileException($"{name}: line {line} has {fields.Length} fields where the header has {columns}.");
    }

    private static TextFieldParser Parser(Stream stream, char delimiter)
    {
        var parser = new TextFieldParser(stream, System.Text.Encoding.UTF8, detectEncoding: true) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(delimiter.ToString());
        return parser;
    }

    private static Kind KindOf(string value) =>
        bool.TryParse(value, out _) ? Kind.Bool
        : long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? Kind.Int
        : TryParseDouble(value, out _) ? Kind.Float
        : Kind.String;

    private static Kind Widen(Kind current, Kind next) => (current, next) switch
    {
        (Kind.Empty, _) => next,
        _ when current == next => current,
        (Kind.Int, Kind.Float) or (Kind.Float, Kind.Int) => Kind.Float,
        _ => Kind.String,
    };

    private static double ParseDouble(string value) => TryParseDouble(value, out var d) ? d : throw new DatasetFileException($"'{value}' is not a number.");

    // Numbers as pandas reads them, with its spellings of not-a-number and infinity.
    private static bool TryParseDouble(string value, out double result)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        (var known, result) = value.ToLowerInvariant() switch
        {
            "nan" => (true, double.NaN),
            "inf" or "+inf" => (true, double.PositiveInfinity),
            "-inf" => (true, double.NegativeInfinity),
            _ => (false, 0d),
        };
        return known;
    }
}
