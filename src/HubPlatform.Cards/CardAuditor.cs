using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HubPlatform.Cards;

/// <summary>
/// Audits a card beyond what the Hub checks: which sections exist and say something, a completeness score, and places where
/// the body and the metadata disagree (evaluation tables vs model-index, license, base model and datasets).
/// </summary>
public sealed partial class CardAuditor
{
    /// <summary>Points for metadata; the rest (60) is shared equally by the sections.</summary>
    public const int MetadataPoints = 40;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    // Template text that stands for a section not yet written.
    private static readonly string[] Placeholders =
        ["more information needed", "needs more information", "information needed", "optional", "tbd", "todo", "n/a", "coming soon"];

    private static readonly (string Key, int Points)[] ModelMetadataWeights =
        [("license", 8), ("language", 4), ("pipeline_tag", 6), ("library_name", 4), ("tags", 3), ("datasets", 5), ("model-index", 10)];

    private static readonly (string Key, int Points)[] DatasetMetadataWeights =
        [("license", 8), ("language", 6), ("task_categories", 8), ("size_categories", 6), ("pretty_name", 4), ("configs|dataset_info", 8)];

    // How licenses are named in prose, mapped to their Hub ids.
    private static readonly (Regex Pattern, string License)[] LicenseMentions =
    [
        (new Regex(@"\bapache(?:\s+license)?,?\s*(?:version\s*)?2(?:\.0)?\b", RegexOptions.IgnoreCase), "apache-2.0"),
        (new Regex(@"\bMIT\s+licen[cs]e\b", RegexOptions.IgnoreCase), "mit"),
        (new Regex(@"\bGPL-?v?3(?:\.0)?\b|\bGNU General Public License v(?:ersion\s*)?3\b", RegexOptions.IgnoreCase), "gpl-3.0"),
        (new Regex(@"\bAGPL-?v?3(?:\.0)?\b", RegexOptions.IgnoreCase), "agpl-3.0"),
        (new Regex(@"\bCC[- ]BY[- ]NC[- ]SA[- ]4\.0\b", RegexOptions.IgnoreCase), "cc-by-nc-sa-4.0"),
        (new Regex(@"\bCC[- ]BY[- ]NC[- ]4\.0\b", RegexOptions.IgnoreCase), "cc-by-nc-4.0"),
        (new Regex(@"\bCC[- ]BY[- ]SA[- ]4\.0\b", RegexOptions.IgnoreCase), "cc-by-sa-4.0"),
        (new Regex(@"\bCC[- ]BY[- ]4\.0\b|Creative Commons Attribution 4\.0", RegexOptions.IgnoreCase), "cc-by-4.0"),
        (new Regex(@"\bCC0\b", RegexOptions.IgnoreCase), "cc0-1.0"),
        (new Regex(@"\bBSD[- ]3[- ]Clause\b", RegexOptions.IgnoreCase), "bsd-3-clause"),
        (new Regex(@"\bLlama 2 Community License\b", RegexOptions.IgnoreCase), "llama2"),
        (new Regex(@"\bLlama 3\.1 Community License\b", RegexOptions.IgnoreCase), "llama3.1"),
        (new Regex(@"\bOpenRAIL\+\+", RegexOptions.IgnoreCase), "openrail++"),
    ];

    /// <summary>Audits a card as a model or dataset card; a model card is also held against its files when their evidence is given.</summary>
    public CardAudit Audit(Card card, CardKind kind, ModelEvidence? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        var catalogue = kind == CardKind.Model ? ModelCatalogue : DatasetCatalogue;
        var findings = new List<AuditFinding>();
        var markdown = ParseBody(card.Body);
        if (markdown is null)
        {
            // The rest of the audit still runs on the plain text.
            findings.Add(new AuditFinding(CardCodes.BodyUnreadable, "The text nests Markdown too deeply to be read; its sections and tables are not checked.", card.Document.BodyFirstLine));
        }

        var sections = markdown is null ? catalogue.ToDictionary(c => c.Name, _ => SectionState.Missing, StringComparer.Ordinal) : Sections(card.Body, markdown, catalogue);
        var metadata = card.Metadata ?? [];
        if (kind == CardKind.Model)
        {
            var data = card.ModelData;
            if (markdown is not null)
            {
                EvalTables(card, markdown, data, findings);
            }

            Mentions(card.Body, data.BaseModel, CardCodes.BaseModelNotMentioned, "base model", findings);
            Mentions(card.Body, data.Datasets, CardCodes.DatasetNotMentioned, "dataset", findings);
            if (evidence is not null)
            {
                findings.AddRange(ModelEvidenceAuditor.Audit(card, evidence, markdown));
            }
        }

        License(card, metadata, findings);
        return new CardAudit(Score(metadata, sections, kind), sections, findings);
    }

    /// <summary>A card's body as Markdown, or null when Markdig refuses it (text nested past its depth limit, which it refuses rather than overflow the stack).</summary>
    internal static MarkdownDocument? ParseBody(string body)
    {
        try
        {
            return Markdown.Parse(body, Pipeline);
        }
        catch (ArgumentException e) when (e.ParamName is null)
        {
            return null;
        }
    }

    /// <summary>
    /// Metadata points for each weighted key that is present and not empty (40 in all), plus 60 shared equally by the
    /// sections, each counted when present (not missing, not empty). Rounded to an integer.
    /// </summary>
    public static int Score(JsonObject metadata, IReadOnlyDictionary<string, SectionState> sections, CardKind kind)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(sections);
        var weights = kind == CardKind.Model ? ModelMetadataWeights : DatasetMetadataWeights;
        var points = weights.Where(w => w.Key.Split('|').Any(k => HasValue(metadata[k]))).Sum(w => w.Points);
        var sectionPoints = sections.Count == 0 ? 0 : (100.0 - MetadataPoints) * sections.Values.Count(s => s == SectionState.Present) / sections.Count;
        return (int)Math.Round(points + sectionPoints, MidpointRounding.AwayFromZero);
    }

    private static bool HasValue(JsonNode? node) => node switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        JsonValue v => CardData.Scalar(v) is { Length: > 0 },
        _ => true,
    };

    // The section synonyms as Normalize writes a heading, worked out once rather than for every heading of every card.
    private static readonly (string Name, string[] Synonyms)[] ModelCatalogue = Normalized(CardSections.Model);

    private static readonly (string Name, string[] Synonyms)[] DatasetCatalogue = Normalized(CardSections.Dataset);

    private static (string Name, string[] Synonyms)[] Normalized(IReadOnlyList<(string Name, string[] Synonyms)> catalogue) =>
        [.. catalogue.Select(s => (s.Name, s.Synonyms.Select(p => " " + Normalize(p) + " ").ToArray()))];

    private static Dictionary<string, SectionState> Sections(string body, MarkdownDocument markdown, (string Name, string[] Synonyms)[] catalogue)
    {
        var headings = markdown.Descendants<HeadingBlock>().ToList();
        var states = new Dictionary<string, SectionState>(StringComparer.Ordinal);
        foreach (var (name, synonyms) in catalogue)
        {
            states[name] = SectionState.Missing;
        }

        for (var i = 0; i < headings.Count; i++)
        {
            var heading = headings[i];
            var title = " " + Normalize(InlineText(heading.Inline)) + " ";
            var matched = catalogue.Where(c => states[c.Name] != SectionState.Present && c.Synonyms.Any(s => title.Contains(s, StringComparison.Ordinal))).ToList();
            if (matched.Count == 0)
            {
                // Whether a section says something is the costly part (a scan of its text); only sections that count need it.
                continue;
            }

            // The section runs to the next heading of its level or above; the titles of its subsections are not content.
            var said = false;
            var start = heading.Span.End + 1;
            for (var j = i + 1; !said; j++)
            {
                var last = j >= headings.Count || headings[j].Level <= heading.Level;
                var end = Math.Min(j < headings.Count ? headings[j].Span.Start : body.Length, body.Length);
                said = HasRealContent(body, start, end);
                if (last)
                {
                    break;
                }

                start = headings[j].Span.End + 1;
            }

            var state = said ? SectionState.Present : SectionState.Empty;
            foreach (var (name, _) in matched)
            {
                states[name] = state;
            }
        }

        return states;
    }

    // Whether a section says something: a letter or digit outside HTML comments, {{template variables}} and template
    // placeholders such as "[More Information Needed]". It stops at the first real word, so nested sections do not cost a
    // pass over the text for every heading above them (a pattern search for the placeholders did, at 0.2 ms a card).
    private static bool HasRealContent(string body, int start, int end)
    {
        var i = start;
        while (i < end)
        {
            var rest = body.AsSpan(i);
            if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                // An unclosed comment hides the rest of the page, as it does in the rendered card.
                var close = rest.IndexOf("-->", StringComparison.Ordinal);
                if (close < 0)
                {
                    return false;
                }

                i += close + 3;
            }
            else if (rest.StartsWith("{{", StringComparison.Ordinal) && rest.IndexOf("}}", StringComparison.Ordinal) is var closeVariable and > 0)
            {
                i += closeVariable + 2;
            }
            else if (char.IsLetterOrDigit(body[i]))
            {
                var skip = PlaceholderLength(rest);
                if (skip == 0)
                {
                    return true;
                }

                i += skip;
            }
            else
            {
                i++;
            }
        }

        return false;
    }

    private static int PlaceholderLength(ReadOnlySpan<char> text)
    {
        foreach (var placeholder in Placeholders)
        {
            if (text.StartsWith(placeholder, StringComparison.OrdinalIgnoreCase))
            {
                return placeholder.Length;
            }
        }

        return 0;
    }

    private static void EvalTables(Card card, MarkdownDocument markdown, ModelCardData data, List<AuditFinding> findings)
    {
        var results = data.EvalResults.Where(r => r.NumericValue is not null).ToList();
        if (results.Count == 0)
        {
            return;
        }

        var tables = markdown.Descendants<Table>().Select(t => (Table: t, Rows: t.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(c => CellText(c)).ToList()).ToList())).ToList();
        foreach (var result in results)
        {
            var declared = result.NumericValue!.Value;
            var names = new[] { result.MetricName, result.MetricType }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => Normalize(n!)).Distinct().ToList();
            foreach (var (table, rows) in tables)
            {
                var numbers = MetricNumbers(rows, names);
                if (numbers.Count > 0 && !numbers.Any(n => Agrees(n, declared)))
                {
                    findings.Add(new AuditFinding(
                        CardCodes.EvalTableMismatch,
                        $"The table says {string.Join(" / ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)))} for '{result.MetricName ?? result.MetricType}', but model-index says {declared.ToString(CultureInfo.InvariantCulture)} ({result.DatasetName}).",
                        card.Document.BodyFirstLine + table.Line));
                }
            }
        }
    }

    // The numbers a table gives for a metric: in the column whose header names it, or in the row whose first cell names it.
    private static List<double> MetricNumbers(List<List<string>> rows, List<string> names)
    {
        var found = new List<double>();
        if (rows.Count < 2)
        {
            return found;
        }

        var header = rows[0].Select(Normalize).ToList();
        for (var c = 0; c < header.Count; c++)
        {
            if (names.Any(n => header[c] == n))
            {
                found.AddRange(rows.Skip(1).Where(r => c < r.Count).Select(r => ParseNumber(r[c])).OfType<double>());
            }
        }

        foreach (var row in rows.Skip(1))
        {
            if (row.Count > 1 && names.Any(n => Normalize(row[0]) == n))
            {
                found.AddRange(row.Skip(1).Select(ParseNumber).OfType<double>());
            }
        }

        return found;
    }

    // Tables often give 0.912 as 91.2 or 91.2%; both agree with 0.912, to the precision shown.
    private static bool Agrees(double shown, double declared)
    {
        foreach (var scale in new[] { 1.0, 100.0, 0.01 })
        {
            var value = declared * scale;
            var tolerance = Math.Max(Math.Abs(value) * 0.005, 0.0051 * (Math.Abs(shown) >= 1 ? 1 : 0.01));
            if (Math.Abs(shown - value) <= tolerance)
            {
                return true;
            }
        }

        return false;
    }

    private static double? ParseNumber(string cell)
    {
        var match = NumberInCell().Match(cell);
        return match.Success && double.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static void Mentions(string body, IReadOnlyList<string> ids, string code, string what, List<AuditFinding> findings)
    {
        foreach (var id in ids)
        {
            var name = id.Contains('/', StringComparison.Ordinal) ? id[(id.LastIndexOf('/') + 1)..] : id;
            if (!body.Contains(id, StringComparison.OrdinalIgnoreCase) && !body.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new AuditFinding(code, $"The metadata names the {what} '{id}', but the card's text never mentions it.", null));
            }
        }
    }

    private static void License(Card card, JsonObject metadata, List<AuditFinding> findings)
    {
        var declared = CardData.StringsOf(metadata["license"]).Select(l => l.ToLowerInvariant()).ToList();
        if (declared.Count == 0 || declared.Contains("other") || declared.Contains("unknown"))
        {
            return;
        }

        // The first line naming a license other than the declared one; within a line, the list's order decides. Each pattern
        // runs once over the whole body: line by line it was 13 regex runs for every line of every card.
        var body = card.Body;
        (int Line, string License)? first = null;
        foreach (var (pattern, license) in LicenseMentions)
        {
            if (declared.Any(d => d == license || d.StartsWith(license, StringComparison.Ordinal) || license.StartsWith(d, StringComparison.Ordinal)))
            {
                continue;
            }

            var match = pattern.Match(body);
            var line = match.Success ? body.AsSpan(0, match.Index).Count('\n') : int.MaxValue;
            if (line < (first?.Line ?? int.MaxValue))
            {
                first = (line, license);
            }
        }

        if (first is { } found)
        {
            findings.Add(new AuditFinding(
                CardCodes.LicenseBodyMismatch,
                $"The text names the license '{found.License}', but the metadata says '{string.Join(", ", declared)}'.",
                card.Document.BodyFirstLine + found.Line));
        }
    }

    internal static string CellText(TableCell cell) =>
        string.Join(" ", cell.Descendants<ParagraphBlock>().Select(p => InlineText(p.Inline)));

    internal static string InlineText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString();
    }

    private static string Normalize(string text) =>
        Spaces().Replace(NonWord().Replace(text.ToLowerInvariant(), " "), " ").Trim();

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex NumberInCell();

    [GeneratedRegex(@"[^\p{L}\p{N}+]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
