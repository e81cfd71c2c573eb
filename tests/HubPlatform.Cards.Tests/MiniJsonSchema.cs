using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HubPlatform.Cards.Tests;

/// <summary>
/// Just enough of JSON Schema 2020-12 to check our own schemas (type, enum, oneOf, required, properties, items, pattern,
/// $ref to $defs in the same or a sibling file), so that a test can hold the validator and the schemas to the same verdicts.
/// </summary>
internal sealed class MiniJsonSchema(string folder)
{
    private readonly Dictionary<string, JsonNode> _files = [];

    public List<string> Errors(string file, JsonNode? instance)
    {
        var errors = new List<string>();
        Check(file, Load(file), instance, "$", errors);
        return errors;
    }

    private JsonNode Load(string file)
    {
        if (!_files.TryGetValue(file, out var node))
        {
            node = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, file)))!;
            _files[file] = node;
        }

        return node;
    }

    private void Check(string file, JsonNode schema, JsonNode? value, string path, List<string> errors)
    {
        if (schema["$ref"] is JsonValue reference)
        {
            var text = reference.GetValue<string>();
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            var target = hash == 0 ? file : text[..hash];
            JsonNode? node = Load(target);
            foreach (var part in text[(hash + 2)..].Split('/'))
            {
                node = node![part];
            }

            Check(target, node!, value, path, errors);
            return;
        }

        if (schema["type"] is { } type)
        {
            var types = type is JsonArray a ? a.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!types.Any(t => IsType(value, t)))
            {
                errors.Add($"{path}: not {string.Join("|", types)}");
                return;
            }
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: not in enum");
        }

        if (schema["pattern"] is JsonValue pattern && value is JsonValue s && s.GetValueKind() == JsonValueKind.String
            && !Regex.IsMatch(s.GetValue<string>(), pattern.GetValue<string>()))
        {
            errors.Add($"{path}: does not match pattern");
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var passing = oneOf.Count(option => { var e = new List<string>(); Check(file, option!, value, path, e); return e.Count == 0; });
            if (passing != 1)
            {
                errors.Add($"{path}: matches {passing} of oneOf");
            }
        }

        if (value is JsonObject obj)
        {
            foreach (var required in schema["required"] as JsonArray ?? [])
            {
                if (!obj.ContainsKey(required!.GetValue<string>()))
                {
                    errors.Add($"{path}.{required}: required");
                }
            }

            if (schema["properties"] is JsonObject properties)
            {
                foreach (var (name, sub) in properties)
                {
                    if (obj.TryGetPropertyValue(name, out var child))
                    {
                        Check(file, sub!, child, $"{path}.{name}", errors);
                    }
                }
            }
        }

        if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(file, items, array[i], $"{path}[{i}]", errors);
            }
        }
    }

    private static bool IsType(JsonNode? value, string type) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !v.ToJsonString().Contains('.', StringComparison.Ordinal),
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        _ => false,
    };
}
