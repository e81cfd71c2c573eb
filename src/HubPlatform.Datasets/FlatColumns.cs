using System.Buffers;
using System.Runtime.CompilerServices;
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

    private delegate Task<(Func<int, object?> Cell, long Bytes)> ColumnDecoder(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken);

    private static readonly Dictionary<Type, ColumnDecoder> Decoders = new()
    {
        [typeof(bool)] = Decode<bool>,
        [typeof(sbyte)] = Decode<sbyte>,
        [typeof(byte)] = Decode<byte>,
        [typeof(short)] = Decode<short>,
        [typeof(ushort)] = Decode<ushort>,
        [typeof(int)] = Decode<int>,
        [typeof(uint)] = Decode<uint>,
        [typeof(long)] = Decode<long>,
        [typeof(ulong)] = Decode<ulong>,
        [typeof(float)] = Decode<float>,
        [typeof(double)] = Decode<double>,
        [typeof(decimal)] = Decode<decimal>,
        [typeof(string)] = DecodeStrings,

        // Text as slices of the reader's one buffer per column: a string is made only for the cells of a page.
        [typeof(ReadOnlyMemory<char>)] = DecodeText,
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
    public static bool Supports(ParquetSchema schema) => schema.Fields.All(f => f is DataField { IsArray: false } d && Decoders.ContainsKey(d.ClrType));

    /// <summary>A row group's columns, decoded whole into arrays of their own.</summary>
    public static async Task<DecodedRowGroup> DecodeAsync(ParquetReader reader, int rowGroup, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(rowGroup);
        var rows = checked((int)group.RowCount);
        var columns = new Dictionary<string, Func<int, object?>>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var field in reader.Schema.Fields.Cast<DataField>())
        {
            var (cell, size) = await Decoders[field.ClrType](group, field, rows, cancellationToken);
            columns[field.Name] = cell;
            bytes += size;
        }

        return new DecodedRowGroup(rows, columns, bytes);
    }

    /// <summary>A whole row group's cells by column (only those named, when <paramref name="wanted"/> is given), as the statistics read them.</summary>
    public static async Task<CellBatch> ReadCellsAsync(ParquetReader reader, int rowGroup, IReadOnlyCollection<string>? wanted, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(rowGroup);
        var rows = checked((int)group.RowCount);
        var columns = new Dictionary<string, StatCell[]>(StringComparer.Ordinal);
        foreach (var field in reader.Schema.Fields.Cast<DataField>().Where(f => wanted is null || wanted.Contains(f.Name)))
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

    private static async Task<(Func<int, object?> Cell, long Bytes)> Decode<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[rows];
            await group.ReadAsync<T>(field, nullable, null, cancellationToken);
            return (i => nullable[i], (long)rows * Unsafe.SizeOf<T?>());
        }

        var values = new T[rows];
        await group.ReadAsync<T>(field, values, null, cancellationToken);
        return (i => values[i], (long)rows * Unsafe.SizeOf<T>());
    }

    private static async Task<(Func<int, object?> Cell, long Bytes)> DecodeText(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var (cell, bytes) = await Decode<ReadOnlyMemory<char>>(group, field, rows, cancellationToken);
        long chars = 0;
        for (var i = 0; i < rows; i++)
        {
            chars += cell(i) is ReadOnlyMemory<char> text ? text.Length : 0;
        }

        return (cell, bytes + (chars * sizeof(char)));
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
                // Text slices hold their buffers: a pooled array that kept them would keep a row group's text alive.
                ArrayPool<T?>.Shared.Return(values, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
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
                ArrayPool<T>.Shared.Return(values, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            }
        }
    }

    private static async Task<(Func<int, object?> Cell, long Bytes)> DecodeStrings(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        long bytes = (long)rows * IntPtr.Size;
        foreach (var value in values)
        {
            bytes += value is null ? 0 : 24 + (value.Length * sizeof(char));
        }

        return (i => values[i], bytes);
    }
}
