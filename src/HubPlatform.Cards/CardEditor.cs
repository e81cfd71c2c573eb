using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace HubPlatform.Cards;

/// <summary>
/// Edits one top-level key of the front matter by replacing exactly its lines in the original text, so comments, key order
/// and quoting everywhere else survive. Top-level comment and blank lines after an entry belong to what follows and are kept.
/// </summary>
internal static class CardEditor
{
    public static string Set(Card card, string key, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var doc = card.Document;
        var entry = Emit(key, value, doc.NewLine);
        var bom = doc.HasBom ? "\uFEFF" : string.Empty;
        if (!doc.HasFrontMatter)
        {
            RequireEditable(card);
            return bom + "---" + doc.NewLine + entry + "---" + doc.NewLine + doc.Text;
        }

        var root = RequireEditable(card);
        if (FindEntry(card, root, key) is { } span)
        {
            return bom + doc.Text[..span.Start] + entry + doc.Text[span.End..];
        }

        return bom + doc.Text[..doc.YamlEnd] + entry + doc.Text[doc.YamlEnd..];
    }

    public static string Remove(Card card, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var doc = card.Document;
        var bom = doc.HasBom ? "\uFEFF" : string.Empty;
        if (!doc.HasFrontMatter)
        {
            return card.ToString();
        }

        var root = RequireEditable(card);
        return FindEntry(card, root, key) is { } span ? bom + doc.Text[..span.Start] + doc.Text[span.End..] : card.ToString();
    }

    private static YamlMappingNode RequireEditable(Card card)
    {
        if (card.ParseProblems.FirstOrDefault(p => p.Severity == ProblemSeverity.Error || p.Code == CardCodes.FrontMatterUnclosed) is { } problem)
        {
            throw new InvalidOperationException($"The card cannot be edited until its front matter is fixed: {problem.Message}");
        }

        var root = card.Root ?? new YamlMappingNode();
        if (root.Style == MappingStyle.Flow)
        {
            throw new InvalidOperationException("The front matter is a flow mapping ({ ... }); only block-style front matter can be edited line by line.");
        }

        return root;
    }

    // The character range of a key's lines: from its key line to the line before the next key, without trailing
    // top-level comments and blank lines.
    private static (int Start, int End)? FindEntry(Card card, YamlMappingNode root, string key)
    {
        var keys = root.Children.Keys.ToList();
        var index = keys.FindIndex(k => k is YamlScalarNode s && s.Value == key);
        if (index < 0)
        {
            return null;
        }

        var doc = card.Document;
        var yaml = doc.Yaml;
        var firstLine = (int)keys[index].Start.Line;
        var nextLine = index + 1 < keys.Count ? (int)keys[index + 1].Start.Line : CardDocument.LineOf(yaml, yaml.Length) + (yaml.Length > 0 && yaml[^1] is '\n' or '\r' ? 0 : 1);
        if (index + 1 < keys.Count && (int)keys[index + 1].Start.Line == firstLine)
        {
            throw new InvalidOperationException($"'{key}' shares its line with another key; it cannot be edited line by line.");
        }

        var lastLine = nextLine - 1;
        while (lastLine > firstLine && IsTopLevelTrivia(yaml, lastLine))
        {
            lastLine--;
        }

        var start = doc.YamlStart + CardDocument.OffsetOfLine(yaml, firstLine);
        var end = doc.YamlStart + CardDocument.OffsetOfLine(yaml, lastLine + 1);
        return (start, end);
    }

    private static bool IsTopLevelTrivia(string yaml, int line)
    {
        var start = CardDocument.OffsetOfLine(yaml, line);
        var end = CardDocument.NextLine(yaml, start);
        var text = yaml[start..end].TrimEnd('\r', '\n');
        return text.Trim().Length == 0 || text.StartsWith('#');
    }

    /// <summary>YAML for one <c>key: value</c> entry, block style, ending with a line break.</summary>
    internal static string Emit(string key, JsonNode? value, string newLine)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        EmitString(emitter, key);
        EmitNode(emitter, value, 0);
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.EndsWith('\n'))
        {
            text += "\n";
        }

        return newLine == "\n" ? text : text.Replace("\n", newLine, StringComparison.Ordinal);
    }

    private static void EmitNode(IEmitter emitter, JsonNode? node, int depth)
    {
        if (depth > 64)
        {
            throw new ArgumentException("The value nests too deeply to write as YAML.");
        }

        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (k, v) in obj)
                {
                    EmitString(emitter, k);
                    EmitNode(emitter, v, depth + 1);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    EmitNode(emitter, item, depth + 1);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, v.GetValue<string>());
                break;
            case JsonValue v:
                emitter.Emit(new Scalar(null, null, v.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    // A string that plain YAML would read as something else (true, 3, null, ...) is double-quoted.
    private static void EmitString(IEmitter emitter, string value)
    {
        var plain = YamlJson.ScalarValue(new YamlScalarNode(value) { Style = ScalarStyle.Plain });
        var style = plain is string s && s == value && value.Trim() == value && value.Length > 0 ? ScalarStyle.Any : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(null, null, value, style, true, true));
    }
}
