using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HubPlatform.Hub.Validation;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.RepresentationModel;

namespace HubPlatform.Cards;

/// <summary>
/// Holds a model card against what the repository's files show: the task a run verified against the declared
/// <c>pipeline_tag</c>, the counted parameters against a count the card states, the card's labels against the config's
/// <c>id2label</c>, and formats and libraries the card claims against the files that would serve them.
/// </summary>
public static partial class ModelEvidenceAuditor
{
    /// <summary>How far a stated parameter count may be from the counted one before it is a finding.</summary>
    public const double ParameterTolerance = 0.01;

    // Tags that name one task family: a model verified as one of them does what a card declaring another says it does.
    private static readonly string[][] SameTask =
    [
        ["text2text-generation", "translation", "summarization"],
        ["feature-extraction", "sentence-similarity"],
        ["text-classification", "zero-shot-classification"],
    ];

    private static readonly string[] VariantSuffixes = ["_quantized", "_fp16", "_int8", "_uint8", "_q4", "_q4f16", "_bnb4", "_q8"];

    /// <summary>The findings for one card and the evidence of its repository's files.</summary>
    public static IReadOnlyList<AuditFinding> Audit(Card card, ModelEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Audit(card, evidence, CardAuditor.ParseBody(card.Body));
    }

    // With the body already parsed (the card audit has it).
    internal static IReadOnlyList<AuditFinding> Audit(Card card, ModelEvidence evidence, MarkdownDocument? markdown)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(evidence);
        var findings = new List<AuditFinding>();
        var data = card.ModelData;
        Task(card, data, evidence, findings);
        Parameters(card, evidence, findings);
        Labels(card, evidence, markdown, findings);
        Libraries(card, data, evidence, findings);
        return findings;
    }

    private static void Task(Card card, ModelCardData data, ModelEvidence evidence, List<AuditFinding> findings)
    {
        if (data.PipelineTag is not { Length: > 0 } declared)
        {
            return;
        }

        var verified = evidence.Models.Where(m => m.Task is { Verified: true }).Select(m => m.Task!.Name).Distinct(StringComparer.Ordinal).ToList();
        if (verified.Count > 0 && !verified.Any(v => SameFamily(v, declared)))
        {
            var files = evidence.Models.Where(m => m.Task is { Verified: true }).Select(m => m.File).Take(3);
            findings.Add(new AuditFinding(
                CardCodes.TaskMismatch,
                $"The card declares pipeline_tag '{declared}', but a run verified {string.Join(" and ", verified.Select(v => $"'{v}'"))} ({string.Join(", ", files)}).",
                KeyLine(card, "pipeline_tag")));
        }
    }

    /// <summary>Whether a verified task does what a declared pipeline tag says.</summary>
    public static bool SameFamily(string verified, string declared)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(declared);
        return string.Equals(verified, declared, StringComparison.Ordinal) || SameTask.Any(g => g.Contains(verified) && g.Contains(declared));
    }

    private static void Parameters(Card card, ModelEvidence evidence, List<AuditFinding> findings)
    {
        if (StatedParameters(card) is not { } stated)
        {
            return;
        }

        var counted = CountedParameters(evidence.Models);
        if (counted.Count == 0 || counted.Any(c => Math.Abs(c - stated.Count) <= ParameterTolerance * Math.Max(c, 1)))
        {
            return;
        }

        var nearest = counted.MinBy(c => Math.Abs(c - stated.Count));
        var off = Math.Abs(nearest - stated.Count) / Math.Max(nearest, 1.0);
        findings.Add(new AuditFinding(
            CardCodes.ParameterCountMismatch,
            string.Create(CultureInfo.InvariantCulture, $"The card states {stated.Text} parameters ({stated.Count:N0}), but the files hold {nearest:N0} ({off:P1} apart)."),
            stated.Line));
    }

    /// <summary>
    /// The parameter count a card states: a <c>num_parameters</c>, <c>parameters</c> or <c>params</c> key, else the first
    /// "110M parameters", "1.3B params" or "Parameters: 22,713,216" in its text.
    /// </summary>
    public static (long Count, string Text, int? Line)? StatedParameters(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        foreach (var key in new[] { "num_parameters", "parameters", "params", "parameter_count" })
        {
            if (card.Metadata?[key] is JsonValue value && CardData.Scalar(value) is { } text && ParseCount(text) is { } count)
            {
                return (count, text, KeyLine(card, key));
            }
        }

        var body = card.Body;
        var match = CountBeforeWord().Match(body) is { Success: true } before ? before : CountAfterWord().Match(body);
        if (!match.Success || ParseCount(match.Groups["n"].Value + match.Groups["u"].Value) is not { } stated)
        {
            return null;
        }

        return (stated, (match.Groups["n"].Value + match.Groups["u"].Value).Trim(), card.Document.BodyFirstLine + body.AsSpan(0, match.Index).Count('\n'));
    }

    // "110M", "1.3 B", "7b", "22,713,216", "350 million".
    private static long? ParseCount(string text)
    {
        var match = CountText().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        var unit = match.Groups["u"].Value.ToLowerInvariant();
        var scale = unit switch
        {
            "k" or "thousand" => 1e3,
            "m" or "million" => 1e6,
            "b" or "billion" => 1e9,
            "t" or "trillion" => 1e12,
            _ => 1,
        };
        var count = n * scale;
        return count is >= 1 and < 1e15 ? (long)Math.Round(count) : null;
    }

    // What the files hold, counted the ways a card could mean: each file alone, the shards of one checkpoint together, and
    // the parts of one ONNX export together (encoder and decoder), leaving out quantised and duplicate variants.
    private static List<long> CountedParameters(IReadOnlyList<ModelValidation> models)
    {
        var read = models.Where(m => m.Errors.Count == 0 && m.Parameters.Total > 0).ToList();
        var counts = read.Select(m => m.Parameters.Total).ToList();
        foreach (var shards in read.Where(m => Shard().IsMatch(m.File)).GroupBy(m => Shard().Replace(m.File, string.Empty)))
        {
            counts.Add(shards.Sum(m => m.Parameters.Total));
        }

        foreach (var folder in read.Where(m => m.Format == "onnx").GroupBy(m => Path.GetDirectoryName(m.File) ?? string.Empty))
        {
            var names = folder.Select(m => Path.GetFileNameWithoutExtension(m.File)).ToHashSet(StringComparer.Ordinal);
            var parts = folder.Where(m =>
            {
                var name = Path.GetFileNameWithoutExtension(m.File);
                return !VariantSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal))
                    && !name.Contains("with_past", StringComparison.Ordinal)
                    && !(name == "decoder_model" && names.Contains("decoder_model_merged"));
            }).ToList();
            if (parts.Count > 1)
            {
                counts.Add(parts.Sum(m => m.Parameters.Total));
            }
        }

        return counts;
    }

    private static void Labels(Card card, ModelEvidence evidence, MarkdownDocument? markdown, List<AuditFinding> findings)
    {
        var model = evidence.Models.FirstOrDefault(m => m.Task is { Labels.Count: > 0 });
        if (model is null || CardLabels(card, markdown) is not { Labels.Count: > 0 } stated)
        {
            return;
        }

        var config = model.Task!.Labels;
        var missing = config.Where(l => !stated.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)).ToList();
        var extra = stated.Labels.Where(l => !config.Contains(l, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count == 0 && extra.Count == 0)
        {
            return;
        }

        var parts = new List<string>();
        if (extra.Count > 0)
        {
            parts.Add($"the card lists {Quoted(extra)} which id2label lacks");
        }

        if (missing.Count > 0)
        {
            parts.Add($"id2label has {Quoted(missing)} which the card lacks");
        }

        findings.Add(new AuditFinding(CardCodes.LabelsMismatch, $"The card's labels differ from config.json's id2label: {string.Join("; ", parts)}.", stated.Line));
    }

    private static string Quoted(List<string> labels) =>
        string.Join(", ", labels.Take(5).Select(l => $"'{l}'")) + (labels.Count > 5 ? $" and {labels.Count - 5} more" : string.Empty);

    /// <summary>
    /// The class labels a card gives: a <c>labels</c> or <c>id2label</c> key (a list, or a mapping of ids to labels), else
    /// the first list or table in a section whose heading names labels or classes.
    /// </summary>
    public static (IReadOnlyList<string> Labels, int? Line)? CardLabels(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return CardLabels(card, CardAuditor.ParseBody(card.Body));
    }

    private static (IReadOnlyList<string> Labels, int? Line)? CardLabels(Card card, MarkdownDocument? markdown)
    {
        foreach (var key in new[] { "labels", "id2label" })
        {
            var labels = card.Metadata?[key] switch
            {
                JsonArray a => a.OfType<JsonValue>().Select(CardData.Scalar).OfType<string>().ToList(),
                JsonObject o => o.Select(p => p.Value).OfType<JsonValue>().Select(CardData.Scalar).OfType<string>().ToList(),
                _ => [],
            };
            if (labels.Count > 0)
            {
                return (labels, KeyLine(card, key));
            }
        }

        if (markdown is null)
        {
            return null;
        }

        var blocks = markdown.Descendants<Block>().Where(b => b is HeadingBlock or ListBlock or Table).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is not HeadingBlock heading || !LabelHeading().IsMatch(CardAuditor.InlineText(heading.Inline)))
            {
                continue;
            }

            var next = i + 1 < blocks.Count ? blocks[i + 1] : null;
            var labels = next switch
            {
                ListBlock list => list.OfType<ListItemBlock>().Select(ItemLabel).OfType<string>().ToList(),
                Table table => TableLabels(table),
                _ => [],
            };
            if (labels.Count > 0)
            {
                return (labels, card.Document.BodyFirstLine + next!.Line);
            }
        }

        return null;
    }

    // "`positive`: the text is positive", "0: negative", "LABEL_1 - positive" and "positive" all give one label: a code span
    // when the item has one, else the text before a colon or dash, after a leading id.
    private static string? ItemLabel(ListItemBlock item)
    {
        var paragraph = item.Descendants<ParagraphBlock>().FirstOrDefault();
        if (paragraph?.Inline is null)
        {
            return null;
        }

        if (paragraph.Inline.Descendants<CodeInline>().FirstOrDefault() is { } code && paragraph.Inline.FirstChild is CodeInline)
        {
            return code.Content.Trim();
        }

        var text = CardAuditor.InlineText(paragraph.Inline).Trim();
        var id = LeadingId().Match(text);
        if (id.Success)
        {
            text = text[id.Length..];
        }

        var cut = text.IndexOfAny([':', '–', '—', '(']);
        var dash = text.IndexOf(" - ", StringComparison.Ordinal);
        var end = new[] { cut, dash }.Where(x => x > 0).DefaultIfEmpty(text.Length).Min();
        var label = text[..end].Trim().Trim('"', '\'', '*');
        return label.Length is > 0 and <= 100 ? label : null;
    }

    private static List<string> TableLabels(Table table)
    {
        var rows = table.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(c => CardAuditor.CellText(c).Trim()).ToList()).ToList();
        if (rows.Count < 2)
        {
            return [];
        }

        var column = rows[0].FindIndex(h => h.Trim().ToLowerInvariant() is "label" or "labels" or "class" or "classes" or "name" or "label name");
        return column < 0 ? [] : [.. rows.Skip(1).Where(r => column < r.Count && r[column].Length > 0).Select(r => r[column].Trim('`', '"', '\''))];
    }

    private static void Libraries(Card card, ModelCardData data, ModelEvidence evidence, List<AuditFinding> findings)
    {
        var library = data.LibraryName?.ToLowerInvariant();
        var tags = data.Tags.Select(t => t.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        bool Has(string path) => evidence.Files.Contains(path, StringComparer.Ordinal);
        List<ModelValidation> Of(string format) => [.. evidence.Models.Where(m => m.Format == format)];
        void Add(string claim, string why) => findings.Add(new AuditFinding(CardCodes.LibraryUnsupported, $"The card claims {claim}, but {why}.", KeyLine(card, library is not null ? "library_name" : "tags")));

        if (library is "onnx" or "onnxruntime" or "transformers.js" || tags.Contains("onnx") || tags.Contains("transformers.js"))
        {
            var onnx = Of("onnx");
            var claim = library == "transformers.js" || tags.Contains("transformers.js") ? "transformers.js" : "ONNX";
            if (onnx.Count == 0)
            {
                Add(claim, "the repository holds no .onnx file");
            }
            else if (onnx.All(m => m.Errors.Count > 0))
            {
                Add(claim, $"none of its {onnx.Count} ONNX files loads ({onnx[0].File}: {onnx[0].Errors[0]})");
            }
            else if (claim == "transformers.js" && !Has("config.json"))
            {
                Add(claim, "there is no config.json for it to read");
            }
        }

        if (library is "gguf" or "llama.cpp" or "llama-cpp-python" || tags.Contains("gguf"))
        {
            if (Of("gguf").Count == 0)
            {
                Add("GGUF", "the repository holds no .gguf file");
            }
        }

        if (tags.Contains("safetensors") && Of("safetensors").Count == 0)
        {
            Add("safetensors", "the repository holds no .safetensors file");
        }

        var weights = Of("safetensors").Count > 0 || new[] { "pytorch_model.bin", "pytorch_model.bin.index.json", "model.safetensors.index.json", "tf_model.h5", "flax_model.msgpack" }.Any(Has);
        switch (library)
        {
            case "transformers" when !Has("config.json") || !weights:
                Add("the transformers library", !Has("config.json") ? "there is no config.json at the root" : "there are no weights transformers reads (safetensors, pytorch_model.bin, tf_model.h5, flax_model.msgpack)");
                break;
            case "sentence-transformers" when !Has("modules.json") && !Has("config_sentence_transformers.json"):
                Add("the sentence-transformers library", "there is neither modules.json nor config_sentence_transformers.json");
                break;
            case "diffusers" when !Has("model_index.json"):
                Add("the diffusers library", "there is no model_index.json");
                break;
            case "peft" when !Has("adapter_config.json"):
                Add("the peft library", "there is no adapter_config.json");
                break;
        }
    }

    private static int? KeyLine(Card card, string key) =>
        card.Root?.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == key) is { } node ? card.LineOf(node) : null;

    [GeneratedRegex(@"(?<![\w.,])(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?<u>[kmbt]\b|thousand\b|million\b|billion\b|trillion\b)?\s*(?:total\s+|trainable\s+|learnable\s+)?(?:parameters|params)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountBeforeWord();

    [GeneratedRegex(@"\b(?:number of parameters|parameter count|#\s*params|parameters|params)\s*\**\s*[:=|]\s*\**\s*(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?<u>[kmbt]\b|thousand\b|million\b|billion\b|trillion\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountAfterWord();

    [GeneratedRegex(@"^(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?<u>[kmbt]|thousand|million|billion|trillion)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountText();

    [GeneratedRegex(@"-\d{5}-of-\d{5}(?=\.safetensors$)")]
    private static partial Regex Shard();

    [GeneratedRegex(@"\b(labels?|classes|class names|categories)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LabelHeading();

    [GeneratedRegex(@"^(?:LABEL_)?\d+\s*[:=\-–—.)]\s*")]
    private static partial Regex LeadingId();
}
