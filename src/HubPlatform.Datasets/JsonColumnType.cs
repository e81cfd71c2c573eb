using System.Text.Json.Nodes;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// The type Arrow's JSON reader infers for a column, built up value by value: null until a value says more; numbers are
/// <c>int64</c> until one is not whole (then <c>float64</c>); strings are <c>timestamp[s]</c> while every one reads as a date
/// or a date and time (when inferred from JSON Lines), else <c>string</c>; arrays are lists of their items' type; objects are
/// structs of the union of their keys, in order of first appearance. Any other mix is an error, as it is in Arrow.
/// </summary>
internal abstract record JsonColumnType
{
    public static readonly JsonColumnType Null = new Scalar("null");
    public static readonly JsonColumnType Bool = new Scalar("bool");
    public static readonly JsonColumnType Int = new Scalar("int64");
    public static readonly JsonColumnType Float = new Scalar("float64");
    public static readonly JsonColumnType String = new Scalar("string");
    public static readonly JsonColumnType Timestamp = new Scalar("timestamp[s]");

    /// <summary>The name as the <c>datasets</c> library would print it, for messages.</summary>
    public abstract string Describe();

    /// <summary>The type that holds values of both, or null when Arrow would refuse the mix.</summary>
    public static JsonColumnType? Merge(JsonColumnType a, JsonColumnType b)
    {
        if (a == Null || a == b)
        {
            return b;
        }

        if (b == Null)
        {
            return a;
        }

        return (a, b) switch
        {
            (Scalar x, Scalar y) when (x == Int && y == Float) || (x == Float && y == Int) => Float,
            (Scalar x, Scalar y) when (x == String && y == Timestamp) || (x == Timestamp && y == String) => String,
            (ListOf x, ListOf y) => Merge(x.Item, y.Item) is { } item ? new ListOf(item) : null,
            (StructOf x, StructOf y) => MergeStructs(x, y),
            _ => null,
        };
    }

    /// <summary>The feature of a column of this type.</summary>
    public abstract JsonNode Feature();

    /// <summary>The Parquet field for a column of this type.</summary>
    public abstract Field Field(string name);

    /// <summary>The .NET type Parquet.Net's untyped writer takes for items of a list of this type.</summary>
    public abstract Type ItemClrType { get; }

    private static StructOf? MergeStructs(StructOf x, StructOf y)
    {
        var fields = new List<(string Name, JsonColumnType Type)>(x.Fields);
        foreach (var (name, type) in y.Fields)
        {
            var at = fields.FindIndex(f => f.Name == name);
            if (at < 0)
            {
                fields.Add((name, type));
            }
            else if (Merge(fields[at].Type, type) is { } merged)
            {
                fields[at] = (name, merged);
            }
            else
            {
                return null;
            }
        }

        return new StructOf(fields);
    }

    /// <summary>A value: null, bool, int64, float64, string or timestamp[s].</summary>
    public sealed record Scalar(string DType) : JsonColumnType
    {
        public override string Describe() => DType;

        // A column of nulls only is stored as text; its feature still says null.
        public override JsonNode Feature() => new JsonObject { ["dtype"] = DType, ["_type"] = "Value" };

        public override Field Field(string name) => DType switch
        {
            "bool" => new DataField<bool?>(name),
            "int64" => new DataField<long?>(name),
            "float64" => new DataField<double?>(name),
            "timestamp[s]" => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, isNullable: true),
            _ => new DataField<string>(name, true),
        };

        public override Type ItemClrType => DType switch
        {
            "bool" => typeof(bool?),
            "int64" => typeof(long?),
            "float64" => typeof(double?),
            "timestamp[s]" => typeof(DateTime?),
            _ => typeof(ReadOnlyMemory<char>?),
        };
    }

    /// <summary>A list of items of one type.</summary>
    public sealed record ListOf(JsonColumnType Item) : JsonColumnType
    {
        public override string Describe() => $"list<{Item.Describe()}>";

        public override JsonNode Feature() => new JsonObject { ["feature"] = Item.Feature(), ["_type"] = "List" };

        public override Field Field(string name) => new ListField(name, Item.Field("element"));

        public override Type ItemClrType => typeof(List<>).MakeGenericType(Item.ItemClrType);
    }

    /// <summary>An object: named fields in order.</summary>
    public sealed record StructOf(IReadOnlyList<(string Name, JsonColumnType Type)> Fields) : JsonColumnType
    {
        public override string Describe() => "struct<" + string.Join(", ", Fields.Select(f => $"{f.Name}: {f.Type.Describe()}")) + ">";

        public override JsonNode Feature() => new JsonObject(Fields.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)f.Type.Feature())));

        // Parquet has no empty group: an object that never had a key is kept as text.
        public override Field Field(string name) => Fields.Count == 0 ? new DataField<string>(name, true) : new StructField(name, [.. Fields.Select(f => f.Type.Field(f.Name))]);

        public override Type ItemClrType => typeof(IDictionary<string, object?>);

        public bool Equals(StructOf? other) => other is not null && Fields.SequenceEqual(other.Fields);

        public override int GetHashCode() => Fields.Count;
    }
}
