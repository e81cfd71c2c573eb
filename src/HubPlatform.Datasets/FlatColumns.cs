using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// A row group of a file whose columns are all flat scalars, read column by column into typed buffers, of which only the
/// rows asked for are boxed: far cheaper than assembling every row of the group into a dictionary. Nested columns, and
/// types not listed here, take the general path (<see cref="Parquet.Serialization.ParquetSerializer"/>).
/// </summary>
internal static class FlatColumns
{
    private delegate Task<object?[]> SliceReader(ParquetRowGroupReader group, DataField field, int rows, int start, int count, CancellationToken cancellationToken);

    private static readonly Dictionary<Type, SliceReader> Readers = new()
    {
        [typeof(bool)] = Struct<bool>,
        [typeof(sbyte)] = Struct<sbyte>,
        [typeof(byte)] = Struct<byte>,
        [typeof(short)] = Struct<short>,
        [typeof(ushort)] = Struct<ushort>,
        [typeof(int)] = Struct<int>,
        [typeof(uint)] = Struct<uint>,
        [typeof(long)] = Struct<long>,
        [typeof(ulong)] = Struct<ulong>,
        [typeof(float)] = Struct<float>,
        [typeof(double)] = Struct<double>,
        [typeof(decimal)] = Struct<decimal>,
        [typeof(string)] = Strings,
        [typeof(ReadOnlyMemory<char>)] = Strings,
    };

    /// <summary>Whether every column of the schema can be read this way.</summary>
    public static bool Supports(ParquetSchema schema) => schema.Fields.All(f => f is DataField { IsArray: false } d && Readers.ContainsKey(d.ClrType));

    /// <summary>The cells of rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 of a row group, by column.</summary>
    public static async Task<Dictionary<string, object?[]>> ReadAsync(ParquetReader reader, int rowGroup, int start, int count, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(rowGroup);
        var rows = checked((int)group.RowCount);
        var columns = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var field in reader.Schema.Fields.Cast<DataField>())
        {
            columns[field.Name] = await Readers[field.ClrType](group, field, rows, start, count, cancellationToken);
        }

        return columns;
    }

    private static async Task<object?[]> Struct<T>(ParquetRowGroupReader group, DataField field, int rows, int start, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var slice = new object?[count];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                slice[i] = values[start + i];
            }
        }
        else
        {
            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                slice[i] = values[start + i];
            }
        }

        return slice;
    }

    private static async Task<object?[]> Strings(ParquetRowGroupReader group, DataField field, int rows, int start, int count, CancellationToken cancellationToken)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        var slice = new object?[count];
        Array.Copy(values, start, slice, 0, count);
        return slice;
    }
}
