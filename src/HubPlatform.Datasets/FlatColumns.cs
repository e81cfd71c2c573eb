using System.Buffers;
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
    private delegate Task<StatCell[]> CellReader(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken);

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

        // Text read as slices of one buffer: only the page's cells become strings.
        [typeof(ReadOnlyMemory<char>)] = Struct<ReadOnlyMemory<char>>,
    };

    private static readonly Dictionary<Type, CellReader> CellReaders = new()
    {
        [typeof(bool)] = Booleans,
        [typeof(sbyte)] = Numbers<sbyte>,
        [typeof(byte)] = Numbers<byte>,
        [typeof(short)] = Numbers<short>,
        [typeof(ushort)] = Numbers<ushort>,
        [typeof(int)] = Numbers<int>,
        [typeof(uint)] = Numbers<uint>,
        [typeof(long)] = Numbers<long>,
        [typeof(ulong)] = Numbers<ulong>,
        [typeof(float)] = Numbers<float>,
        [typeof(double)] = Numbers<double>,
        [typeof(decimal)] = Numbers<decimal>,
        [typeof(string)] = Texts,
        [typeof(ReadOnlyMemory<char>)] = TextSlices,
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

    /// <summary>A whole row group's cells by column, as the statistics read them.</summary>
    public static async Task<CellBatch> ReadCellsAsync(ParquetReader reader, int rowGroup, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(rowGroup);
        var rows = checked((int)group.RowCount);
        var columns = new Dictionary<string, StatCell[]>(StringComparer.Ordinal);
        foreach (var field in reader.Schema.Fields.Cast<DataField>())
        {
            columns[field.Name] = await CellReaders[field.ClrType](group, field, rows, cancellationToken);
        }

        return new CellBatch(rows, columns, pooled: true);
    }

    private static async Task<StatCell[]> Numbers<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct, System.Numerics.INumberBase<T>
    {
        var cells = ArrayPool<StatCell>.Shared.Rent(rows);
        await ForEachAsync<T>(group, field, rows, 0, rows, (i, value) => cells[i] = value is { } v ? StatCell.Of(double.CreateTruncating(v)) : default, cancellationToken);
        return cells;
    }

    private static async Task<StatCell[]> Booleans(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var cells = ArrayPool<StatCell>.Shared.Rent(rows);
        await ForEachAsync<bool>(group, field, rows, 0, rows, (i, value) => cells[i] = value is { } b ? new StatCell(true, b ? 1 : 0, default) : default, cancellationToken);
        return cells;
    }

    private static async Task<StatCell[]> TextSlices(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var cells = ArrayPool<StatCell>.Shared.Rent(rows);
        await ForEachAsync<ReadOnlyMemory<char>>(group, field, rows, 0, rows, (i, text) => cells[i] = StatCell.Of(text), cancellationToken);
        return cells;
    }

    private static async Task<StatCell[]> Texts(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var cells = ArrayPool<StatCell>.Shared.Rent(rows);
        var values = ArrayPool<string?>.Shared.Rent(rows);
        try
        {
            await group.ReadAsync(field, values.AsMemory(0, rows), null, cancellationToken);
            for (var i = 0; i < rows; i++)
            {
                cells[i] = StatCell.Of(values[i]);
            }
        }
        finally
        {
            ArrayPool<string?>.Shared.Return(values, clearArray: true);
        }

        return cells;
    }

    private static async Task<object?[]> Struct<T>(ParquetRowGroupReader group, DataField field, int rows, int start, int count, CancellationToken cancellationToken)
        where T : struct
    {
        var slice = new object?[count];
        await ForEachAsync<T>(group, field, rows, start, count, (i, value) => slice[i] = value, cancellationToken);
        return slice;
    }

    // Reads a whole column of a row group into a rented buffer (a row group's columns are large, and the statistics read
    // every group of a split three times) and hands rows start to start + count - 1 to each, numbered from 0.
    private static async Task ForEachAsync<T>(ParquetRowGroupReader group, DataField field, int rows, int start, int count, Action<int, T?> each, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var values = ArrayPool<T?>.Shared.Rent(rows);
            try
            {
                await group.ReadAsync<T>(field, values.AsMemory(0, rows), null, cancellationToken);
                for (var i = 0; i < count; i++)
                {
                    each(i, values[start + i]);
                }
            }
            finally
            {
                ArrayPool<T?>.Shared.Return(values);
            }
        }
        else
        {
            var values = ArrayPool<T>.Shared.Rent(rows);
            try
            {
                await group.ReadAsync<T>(field, values.AsMemory(0, rows), null, cancellationToken);
                for (var i = 0; i < count; i++)
                {
                    each(i, values[start + i]);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(values);
            }
        }
    }

    private static async Task<object?[]> Strings(ParquetRowGroupReader group, DataField field, int rows, int start, int count, CancellationToken cancellationToken)
    {
        var values = ArrayPool<string?>.Shared.Rent(rows);
        try
        {
            await group.ReadAsync(field, values.AsMemory(0, rows), null, cancellationToken);
            var slice = new object?[count];
            Array.Copy(values, start, slice, 0, count);
            return slice;
        }
        finally
        {
            ArrayPool<string?>.Shared.Return(values, clearArray: true);
        }
    }
}
