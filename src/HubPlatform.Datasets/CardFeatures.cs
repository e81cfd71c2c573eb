using System.Globalization;
using System.Text.Json.Nodes;

namespace HubPlatform.Datasets;

/// <summary>
/// What a dataset card's <c>dataset_info.features</c> adds to the columns a Parquet file declares: integer columns the card
/// declares as <c>class_label</c> become <c>ClassLabel</c> features with their names, as the <c>datasets</c> library reads
/// them. Everything else keeps the file's own type (the file is what the rows come from).
/// </summary>
public static class CardFeatures
{
    private static readonly HashSet<string> IntegerTypes = new(StringComparer.Ordinal)
    {
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    };

    /// <summary>The file's features with the card's class labels applied; the input is left as it was.</summary>
    public static JsonObject Apply(JsonObject features, JsonNode? cardFeatures)
    {
        ArgumentNullException.ThrowIfNull(features);
        var result = (JsonObject)features.DeepClone();
        if (cardFeatures is not JsonArray declared)
        {
            return result;
        }

        foreach (var column in declared.OfType<JsonObject>())
        {
            if (column["name"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || column["name"]!.GetValue<string>() is not { } name
                || result[name] is not JsonObject { } own || own["_type"]?.GetValue<string>() != "Value"
                || !IntegerTypes.Contains(own["dtype"]?.GetValue<string>() ?? string.Empty)
                || Names(column["dtype"]?["class_label"]?["names"] ?? column["class_label"]?["names"]) is not { Count: > 0 } names)
            {
                continue;
            }

            result[name] = new JsonObject { ["names"] = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]), ["_type"] = "ClassLabel" };
        }

        return result;
    }

    // Names are written as a mapping from the label's number to its name ('0': neg), or as a list.
    private static List<string>? Names(JsonNode? names) => names switch
    {
        JsonArray list => [.. list.Select(n => n?.ToString() ?? string.Empty)],
        JsonObject map when map.All(kv => int.TryParse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) =>
            [.. map.OrderBy(kv => int.Parse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture)).Select(kv => kv.Value?.ToString() ?? string.Empty)],
        _ => null,
    };
}
