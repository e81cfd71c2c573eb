using System.Collections.Frozen;
using Parquet;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// Rows of a row group whose columns nest (lists, structs, maps), assembled from each leaf column's values and its
/// definition and repetition levels, so that what the row-based reader of Parquet.Net loses survives: an empty list stays
/// <c>[]</c> (not null), a null item stays in its list, and a struct keeps its null members. A cell is a
/// <c>Dictionary&lt;string, object?&gt;</c> for a struct, a <c>List&lt;object?&gt;</c> for a list, a list of key/value pairs
/// for a map, and the leaf's value otherwise.
/// </summary>
internal static class NestedColumns
{
    private delegate Task<Leaf> LeafReader(ParquetRowGroupReader group, DataField field, int levels, CancellationToken cancellationToken);

    private static readonly FrozenDictionary<Type, LeafReader> Readers = new Dictionary<Type, LeafReader>
    {
        [typeof(bool)] = ReadAsync<bool>,
        [typeof(sbyte)] = ReadAsync<sbyte>,
        [typeof(byte)] = ReadAsync<byte>,
        [typeof(short)] = ReadAsync<short>,
        [typeof(ushort)] = ReadAsync<ushort>,
        [typeof(int)] = ReadAsync<int>,
        [typeof(uint)] = ReadAsync<uint>,
        [typeof(long)] = ReadAsync<long>,
        [typeof(ulong)] = ReadAsync<ulong>,
        [typeof(float)] = ReadAsync<float>,
        [typeof(double)] = ReadAsync<double>,
        [typeof(decimal)] = ReadAsync<decimal>,
        [typeof(string)] = ReadStringsAsync,
        [typeof(ReadOnlyMemory<char>)] = ReadAsync<ReadOnlyMemory<char>>,
        [typeof(byte[])] = ReadBytesAsync,
        [typeof(DateTime)] = ReadAsync<DateTime>,
        [typeof(DateOnly)] = ReadAsync<DateOnly>,
        [typeof(TimeOnly)] = ReadAsync<TimeOnly>,
        [typeof(TimeSpan)] = ReadAsync<TimeSpan>,
        [typeof(Guid)] = ReadAsync<Guid>,
    }.ToFrozenDictionary();

    /// <summary>
    /// Whether this reader handles the schema: every leaf of a type it reads, lists in the three-level layout, and no
    /// repeated field outside a list or map (the legacy two-level layout is left to the row-based reader).
    /// </summary>
    public static bool Supports(ParquetSchema schema) => schema.Fields.All(Supports);

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 of a row group, each as its top-level cells by name.</summary>
    public static async Task<List<Dictionary<string, object?>>> ReadAsync(ParquetReader reader, int rowGroup, int start, int count, CancellationToken cancellationToken)
    {
        using var group = reader.OpenRowGroupReader(rowGroup);
        var leaves = new Dictionary<DataField, Leaf>();
        foreach (var field in reader.Schema.GetDataFields())
        {
            var levels = checked((int)group.GetMetadata(field)!.MetaData!.NumValues);
            leaves[field] = await Readers[field.ClrType](group, field, levels, cancellationToken);
        }

        var assembler = new Assembler(leaves);
        var rows = new List<Dictionary<string, object?>>(count);
        for (var i = 0; i < start + count && !assembler.AtEnd(reader.Schema.Fields[0]); i++)
        {
            var row = new Dictionary<string, object?>(reader.Schema.Fields.Count, StringComparer.Ordinal);
            foreach (var field in reader.Schema.Fields)
            {
                row[field.Name] = assembler.Value(field);
            }

            if (i >= start)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static bool Supports(Field field) => field switch
    {
        DataField data => !data.IsArray && Readers.ContainsKey(data.ClrType),
        ListField list => Supports(list.Item),
        MapField map => Supports(map.Key) && Supports(map.Value),
        StructField structure => structure.Fields.Count > 0 && structure.Fields.All(Supports),
        _ => false,
    };

    private static async Task<Leaf> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int levels, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[levels];
        var definitions = new int[levels];
        var repetitions = new int[levels];
        await group.ReadRawAsync<T>(field, values, definitions, repetitions, cancellationToken);
        return new Leaf(field, i => values[i], definitions, repetitions, levels, packed: true);
    }

    // The reader's raw read takes value types only: binary and text columns are read for their levels, then for their
    // values (one per entry, null where undefined).
    private static async Task<Leaf> ReadBytesAsync(ParquetRowGroupReader group, DataField field, int levels, CancellationToken cancellationToken)
    {
        var values = new byte[]?[levels];
        var (definitions, repetitions) = await LevelsAsync(group, field, levels, cancellationToken);
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        return new Leaf(field, i => values[i], definitions, repetitions, levels, packed: false);
    }

    private static async Task<Leaf> ReadStringsAsync(ParquetRowGroupReader group, DataField field, int levels, CancellationToken cancellationToken)
    {
        var values = new string?[levels];
        var (definitions, repetitions) = await LevelsAsync(group, field, levels, cancellationToken);
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        return new Leaf(field, i => values[i], definitions, repetitions, levels, packed: false);
    }

    private static async Task<(int[] Definitions, int[] Repetitions)> LevelsAsync(ParquetRowGroupReader group, DataField field, int levels, CancellationToken cancellationToken)
    {
        using var raw = await group.ReadRawColumnDataBaseAsync(field, cancellationToken);
        var definitions = new int[levels];
        var repetitions = new int[levels];
        if (field.MaxDefinitionLevel > 0)
        {
            raw.DefinitionLevels[..levels].CopyTo(definitions);
        }

        if (field.MaxRepetitionLevel > 0)
        {
            raw.RepetitionLevels[..levels].CopyTo(repetitions);
        }

        return (definitions, repetitions);
    }

    // One leaf column: its values (packed, only defined ones; or one per entry), and a definition and repetition level per entry.
    private sealed class Leaf(DataField field, Func<int, object?> value, int[] definitions, int[] repetitions, int levels, bool packed)
    {
        private int _value;

        public int Position { get; private set; }

        public bool AtEnd => Position >= levels;

        public int Definition => definitions[Position];

        public int Repetition => Position < levels ? repetitions[Position] : 0;

        public object? Next()
        {
            object? result = null;
            if (definitions[Position] == field.MaxDefinitionLevel)
            {
                result = value(packed ? _value++ : Position);
            }

            Position++;
            return result;
        }
    }

    // Reads one value of a field at a time from its leaves (the Dremel record assembly, for one column tree).
    private sealed class Assembler(Dictionary<DataField, Leaf> leaves)
    {
        private readonly Dictionary<Field, Leaf> _first = [];
        private readonly Dictionary<Field, List<Leaf>> _all = [];

        public bool AtEnd(Field field) => First(field).AtEnd;

        public object? Value(Field field)
        {
            var first = First(field);
            if (field.IsNullable && first.Definition < PresentAt(field))
            {
                Skip(field);
                return null;
            }

            switch (field)
            {
                case DataField:
                    return first.Next();
                case StructField structure:
                    var members = new Dictionary<string, object?>(structure.Fields.Count, StringComparer.Ordinal);
                    foreach (var member in structure.Fields)
                    {
                        members[member.Name] = Value(member);
                    }

                    return members;
                case ListField list:
                    return Items(field, () => Value(list.Item));
                case MapField map:
                    return Items(field, () => new KeyValuePair<object?, object?>(Value(map.Key), Value(map.Value)));
                default:
                    throw new NotSupportedException($"Unexpected field {field.Name}.");
            }
        }

        // A list or map's items: none when the repeated level is not defined; else items while the next entries repeat at its level.
        private List<object?> Items(Field field, Func<object?> item)
        {
            var items = new List<object?>();
            var first = First(field);
            if (first.Definition < field.MaxDefinitionLevel)
            {
                Skip(field);
                return items;
            }

            do
            {
                items.Add(item());
            }
            while (!first.AtEnd && first.Repetition == field.MaxRepetitionLevel);

            return items;
        }

        // The definition level from which a nullable field has a value: a list's or map's own level is one below its
        // repeated group's, which its maximum includes.
        private static int PresentAt(Field field) => field is ListField or MapField ? field.MaxDefinitionLevel - 1 : field.MaxDefinitionLevel;

        // A null or empty value has one entry in each leaf below it.
        private void Skip(Field field)
        {
            foreach (var leaf in All(field))
            {
                leaf.Next();
            }
        }

        private Leaf First(Field field)
        {
            if (!_first.TryGetValue(field, out var leaf))
            {
                leaf = _first[field] = All(field)[0];
            }

            return leaf;
        }

        private List<Leaf> All(Field field)
        {
            if (!_all.TryGetValue(field, out var all))
            {
                all = _all[field] = [.. DataFields(field).Select(d => leaves[d])];
            }

            return all;
        }

        private static IEnumerable<DataField> DataFields(Field field) => field switch
        {
            DataField data => [data],
            ListField list => DataFields(list.Item),
            MapField map => DataFields(map.Key).Concat(DataFields(map.Value)),
            StructField structure => structure.Fields.SelectMany(DataFields),
            _ => [],
        };
    }
}
