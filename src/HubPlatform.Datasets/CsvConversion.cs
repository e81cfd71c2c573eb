using System.Globalization;
using Microsoft.VisualBasic.FileIO;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// A CSV or TSV file to Parquet, the way the <c>datasets</c> library loads it through pandas: the first line names the
/// columns; an empty field is null; a column is <c>int64</c> when every value is a whole number and none is missing (pandas
/// has no missing integers, so a gap makes it <c>float64</c>), <c>float64</c> when every value is a number, <c>bool</c> when
/// every value is true or false, and <c>string</c> otherwise. Two passes over the file (types, then rows), one row group in
/// memory at a time. Not wired to a job yet: the conversion commit to <c>refs/convert/parquet</c> is still to be built.
/// </summary>
public static class CsvConversion
{
    /// <summary>Rows per row group of the written file.</summary>
    public const int RowGroupRows = 100_000;

    /// <summary>Converts a file; returns the rows written.</summary>
    /// <exception cref="DatasetFileException">The file is not a table of fields under a header.</exception>
    public static async Task<long> ConvertAsync(Func<Stream> open, char delimiter, Stream output, CancellationToken cancellationToken, int rowGroupRows = RowGroupRows)
    {
        ArgumentNullException.ThrowIfNull(open);
        var (names, kinds) = Infer(open, delimiter, cancellationToken);
        var fields = names.Select((name, i) => Field(name, kinds[i])).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, cancellationToken: cancellationToken);
        long total = 0;
        foreach (var batch in Rows(open, delimiter, names.Count, rowGroupRows))
        {
            cancellationToken.ThrowIfCancellationRequested();
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

            total += batch.Count;
        }

        return total;
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

    // The columns' names, and the narrowest kind that holds each column's values.
    private static (List<string> Names, Kind[] Kinds) Infer(Func<Stream> open, char delimiter, CancellationToken cancellationToken)
    {
        using var parser = Parser(open(), delimiter);
        var names = parser.ReadFields() is { Length: > 0 } header ? header.ToList() : throw new DatasetFileException("The file has no header line naming its columns.");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count || names.Any(string.IsNullOrEmpty))
        {
            throw new DatasetFileException("The header line names a column twice, or leaves one unnamed.");
        }

        var kinds = new Kind[names.Count];
        var missing = new bool[names.Count];
        while (Next(parser, names.Count) is { } row)
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

        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = kinds[c] switch
            {
                Kind.Int when missing[c] => Kind.Float,
                Kind.Empty => Kind.String,
                var kind => kind,
            };
        }

        return (names, kinds);
    }

    private static IEnumerable<List<string?[]>> Rows(Func<Stream> open, char delimiter, int columns, int rowGroupRows)
    {
        using var parser = Parser(open(), delimiter);
        parser.ReadFields();
        var batch = new List<string?[]>();
        while (Next(parser, columns) is { } row)
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
    private static string?[]? Next(TextFieldParser parser, int columns)
    {
        var line = parser.LineNumber;
        string[]? fields;
        try
        {
            fields = parser.ReadFields();
        }
        catch (MalformedLineException e)
        {
            throw new DatasetFileException($"Line {e.LineNumber} cannot be read as fields: {e.Message}", e);
        }

        if (fields is null)
        {
            return null;
        }

        return fields.Length == columns
            ? [.. fields.Select(f => f.Length == 0 ? null : f)]
            : throw new DatasetFileException($"Line {line} has {fields.Length} fields where the header has {columns}.");
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
