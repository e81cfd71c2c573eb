using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// What a row group's footer says of one flat column, in the form its cells take in rows, kept only where filtering can trust
/// it: numbers, booleans and text. Dates and timestamps are left out (their statistics need not render like their cells),
/// text only with the newer <c>min_value</c>/<c>max_value</c> fields (the older ones compared bytes as signed), unsigned
/// integers likewise, and the null count of floating-point columns is dropped (a NaN cell renders as null).
/// </summary>
/// <param name="NullCount">Null cells, when known.</param>
/// <param name="Min">The smallest value (a lower bound), when known.</param>
/// <param name="Max">The largest value (an upper bound), when known.</param>
public sealed record ColumnStatistics(long? NullCount, JsonNode? Min, JsonNode? Max)
{
    private static readonly HashSet<Type> Signed = [typeof(sbyte), typeof(short), typeof(int), typeof(long), typeof(bool), typeof(decimal)];
    private static readonly HashSet<Type> NeedNewFields = [typeof(string), typeof(ReadOnlyMemory<char>), typeof(byte), typeof(ushort), typeof(uint), typeof(ulong)];
    private static readonly HashSet<Type> Floating = [typeof(float), typeof(double), typeof(Half)];

    /// <summary>The trusted statistics of a row group's flat columns; null when it has none.</summary>
    internal static Dictionary<string, ColumnStatistics>? Of(ParquetReader reader, int rowGroup)
    {
        var result = new Dictionary<string, ColumnStatistics>(StringComparer.Ordinal);
        using var group = reader.OpenRowGroupReader(rowGroup);
        foreach (var field in reader.Schema.Fields.OfType<DataField>().Where(f => !f.IsArray))
        {
            var type = field.ClrType;
            if (!Signed.Contains(type) && !NeedNewFields.Contains(type) && !Floating.Contains(type))
            {
                continue;
            }

            var raw = group.RowGroup.Columns.FirstOrDefault(c => c.MetaData?.PathInSchema is { Count: 1 } path && path[0] == field.Name)?.MetaData?.Statistics;
            var stats = group.GetStatistics(field);
            if (raw is null || stats is null)
            {
                continue;
            }

            var bounded = !NeedNewFields.Contains(type) || (raw.MinValue is not null && raw.MaxValue is not null);
            var min = bounded ? ParquetRows.Cell(stats.MinValue) : null;
            var max = bounded ? ParquetRows.Cell(stats.MaxValue) : null;
            var nulls = Floating.Contains(type) ? null : stats.NullCount;
            if (nulls is not null || (min is not null && max is not null))
            {
                result[field.Name] = new ColumnStatistics(nulls, min is not null && max is not null ? min : null, min is not null && max is not null ? max : null);
            }
        }

        return result.Count == 0 ? null : result;
    }
}
