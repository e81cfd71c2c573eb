using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HubPlatform.Cards;

/// <summary>What model and dataset metadata share: typed reads over the front matter's JSON, and the keys nobody typed.</summary>
public abstract class CardData
{
    private readonly JsonObject _metadata;

    /// <summary>Wraps front matter JSON; the object is cloned, so later changes to it are not seen.</summary>
    protected CardData(JsonObject metadata, IEnumerable<string> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _metadata = (JsonObject)metadata.DeepClone();
        var known = knownKeys.ToHashSet(StringComparer.Ordinal);
        Extra = new JsonObject(_metadata.Where(p => !known.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
    }

    /// <summary>Keys this type has no property for, as they were written.</summary>
    public JsonObject Extra { get; }

    /// <summary>The language codes (a single string becomes a one-item list).</summary>
    public IReadOnlyList<string> Language => Strings("language");

    /// <summary>The license id (the first, when a list is given).</summary>
    public string? License => Strings("license").FirstOrDefault();

    /// <summary>The name of a custom license (with <c>license: other</c>).</summary>
    public string? LicenseName => String("license_name");

    /// <summary>Where a custom license is.</summary>
    public string? LicenseLink => String("license_link");

    /// <summary>Free tags.</summary>
    public IReadOnlyList<string> Tags => Strings("tags");

    /// <summary>The whole front matter as JSON.</summary>
    public JsonObject ToJson() => (JsonObject)_metadata.DeepClone();

    /// <summary>A string value, or null when absent or not a scalar.</summary>
    protected string? String(string key) => _metadata[key] is JsonValue v ? Scalar(v) : null;

    /// <summary>A string or a list of strings as a list (non-string items are written as text).</summary>
    protected IReadOnlyList<string> Strings(string key) => StringsOf(_metadata[key]);

    /// <summary>A raw node.</summary>
    protected JsonNode? Node(string key) => _metadata[key];

    internal static IReadOnlyList<string> StringsOf(JsonNode? node) => node switch
    {
        JsonValue v when Scalar(v) is { } s => [s],
        JsonArray a => a.OfType<JsonValue>().Select(Scalar).OfType<string>().ToList(),
        _ => [],
    };

    internal static string? Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    internal static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => LeadingNumber(v.GetValue<string>()),
        _ => null,
    };

    /// <summary>The number a string starts with ("20.0 ± 1.2" gives 20.0), or null.</summary>
    internal static double? LeadingNumber(string text)
    {
        var trimmed = text.TrimStart();
        var end = 0;
        while (end < trimmed.Length && (char.IsAsciiDigit(trimmed[end]) || trimmed[end] is '.' or '-' or '+' or 'e' or 'E'))
        {
            end++;
        }

        // Back off until the prefix parses ("1.5e" -> "1.5").
        for (; end > 0; end--)
        {
            if (double.TryParse(trimmed.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }
        }

        return null;
    }
}
