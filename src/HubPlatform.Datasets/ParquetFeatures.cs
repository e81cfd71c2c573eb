using System.Globalization;
using System.Text.Json.Nodes;
using Parquet.Schema;

namespace HubPlatform.Datasets;

/// <summary>
/// Parquet columns as <c>datasets</c> features, the way the library reads a Parquet file through Arrow: a <c>Value</c> with
/// the Arrow type name for every scalar (<c>int64</c>, <c>float64</c>, <c>string</c>, <c>binary</c>, <c>bool</c>,
/// <c>decimal128(p, s)</c>, <c>date32</c>, <c>timestamp[us, tz=UTC]</c>…), a <c>List</c> of the item's feature for lists (and
/// for maps, a list of key/value structs), and a plain mapping of features for structs.
/// </summary>
public static class ParquetFeatures
{
    /// <summary>The features of a schema, column name to feature.</summary>
    public static JsonObject Of(ParquetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var features = new JsonObject();
        foreach (var field in schema.Fields)
        {
            features[field.Name] = Feature(field);
        }

        return features;
    }

    private static JsonNode Feature(Field field) => field switch
    {
        ListField list => ListOf(Feature(list.Item)),
        MapField map => ListOf(new JsonObject { ["key"] = Feature(map.Key), ["value"] = Feature(map.Value) }),
        StructField structure => Struct(structure.Fields),
        DataField { IsArray: true } data => ListOf(Value(data)),
        DataField data => Value(data),
        _ => throw new NotSupportedException($"Column '{field.Name}' is of a kind the viewer does not know ({field.SchemaType})."),
    };

    private static JsonObject Struct(IEnumerable<Field> fields)
    {
        var features = new JsonObject();
        foreach (var child in fields)
        {
            features[child.Name] = Feature(child);
        }

        return features;
    }

    private static JsonObject ListOf(JsonNode item) => new() { ["feature"] = item, ["_type"] = "List" };

    private static JsonObject Value(DataField field) => new() { ["dtype"] = DType(field), ["_type"] = "Value" };

    private static string DType(DataField field) => field switch
    {
        DecimalDataField d => string.Create(CultureInfo.InvariantCulture, $"decimal{(d.Precision > 38 ? 256 : 128)}({d.Precision}, {d.Scale})"),
        DateTimeDataField t => t.DateTimeFormat switch
        {
            DateTimeFormat.Date => "date32",
            DateTimeFormat.Impala => "timestamp[ns]",
            DateTimeFormat.DateAndTime => "timestamp[ms]",
            DateTimeFormat.DateAndTimeMicros => "timestamp[us]",
            _ => $"timestamp[{Unit(t.Unit)}{(t.IsAdjustedToUTC ? ", tz=UTC" : string.Empty)}]",
        },
        TimeDataField t => t.Precision == TimeUnitPrecision.Millis ? "time32[ms]" : $"time64[{(t.Precision == TimeUnitPrecision.Micros ? "us" : "ns")}]",
        _ => (Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType) switch
        {
            var c when c == typeof(bool) => "bool",
            var c when c == typeof(sbyte) => "int8",
            var c when c == typeof(byte) => "uint8",
            var c when c == typeof(short) => "int16",
            var c when c == typeof(ushort) => "uint16",
            var c when c == typeof(int) => "int32",
            var c when c == typeof(uint) => "uint32",
            var c when c == typeof(long) => "int64",
            var c when c == typeof(ulong) => "uint64",
            var c when c == typeof(Half) => "float16",
            var c when c == typeof(float) => "float32",
            var c when c == typeof(double) => "float64",
            var c when c == typeof(string) || c == typeof(ReadOnlyMemory<char>) || c == typeof(Guid) => "string",
            var c when c == typeof(byte[]) || c == typeof(ReadOnlyMemory<byte>) => "binary",
            var c when c == typeof(DateOnly) => "date32",
            var c when c == typeof(TimeOnly) || c == typeof(TimeSpan) => "time64[us]",
            var c when c == typeof(DateTime) || c == typeof(DateTimeOffset) => "timestamp[us]",
            var c => throw new NotSupportedException($"Column '{field.Name}' has a type the viewer does not know ({c.Name})."),
        },
    };

    private static string Unit(DateTimeTimeUnit unit) => unit switch
    {
        DateTimeTimeUnit.Millis => "ms",
        DateTimeTimeUnit.Nanos => "ns",
        _ => "us",
    };
}
