using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HubPlatform.Cards;

/// <summary>
/// Turns YAML nodes into JSON with the YAML 1.2 core schema, as js-yaml (the Hub's parser) reads plain scalars:
/// <c>null</c>/<c>~</c>/empty, <c>true</c>/<c>false</c>, integers and floats; everything quoted or tagged <c>!!str</c> stays a string,
/// and so do <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>.
/// </summary>
public static partial class YamlJson
{
    private const int MaxDepth = 64;

    /// <summary>The JSON form of a node (aliases are followed; nesting deeper than 64 levels is cut off as null).</summary>
    public static JsonNode? ToJson(YamlNode node) => ToJson(node, 0);

    /// <summary>The scalar's typed value: string, long, double, bool or null.</summary>
    public static object? ScalarValue(YamlScalarNode scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str"))
        {
            return text;
        }

        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (text is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (IntPattern().IsMatch(text))
        {
            // Integers too large for a long stay numbers, as in JavaScript.
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                ? (object)l
                : double.Parse(text, CultureInfo.InvariantCulture);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        return text switch
        {
            ".inf" or ".Inf" or ".INF" or "+.inf" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => text,
        };
    }

    /// <summary>Whether a scalar resolves to a number (metric values must).</summary>
    public static bool IsNumber(YamlScalarNode scalar) => ScalarValue(scalar) is long or double;

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return ScalarValue(scalar) switch
                {
                    null => null,
                    string s => JsonValue.Create(s),
                    long l => JsonValue.Create(l),
                    double d when double.IsFinite(d) => JsonValue.Create(d),
                    double d => JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
                    bool b => JsonValue.Create(b),
                    var other => JsonValue.Create(other.ToString()),
                };
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var child in sequence.Children)
                {
                    array.Add(ToJson(child, depth + 1));
                }

                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode k ? k.Value ?? string.Empty : key.ToString();
                    obj[name] = ToJson(value, depth + 1);
                }

                return obj;
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
