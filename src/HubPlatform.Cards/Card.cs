using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HubPlatform.Cards;

/// <summary>
/// A parsed model or dataset card: the split text, the YAML mapping (with positions), its JSON form, and the problems found
/// while parsing. Cards are immutable; edits return a new card whose text differs only in the edited lines.
/// </summary>
public sealed class Card
{
    private static readonly string[] DatasetKeys =
    [
        "task_categories", "task_ids", "size_categories", "configs", "dataset_info", "pretty_name", "annotations_creators",
        "language_creators", "multilinguality", "source_datasets", "paperswithcode_id", "language_details",
    ];

    private static readonly string[] ModelKeys = ["pipeline_tag", "library_name", "model-index", "base_model", "base_model_relation", "widget", "mask_token"];

    private readonly Lazy<JsonObject?> _metadata;

    private Card(CardDocument document, YamlMappingNode? root, IReadOnlyList<CardProblem> parseProblems)
    {
        Document = document;
        Root = root;
        ParseProblems = parseProblems;

        // Most lint runs never look at the JSON form; building it costs as much as the validation.
        _metadata = new Lazy<JsonObject?>(() => root is null ? null : YamlJson.ToJson(root) as JsonObject ?? [], LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The text and where its parts are.</summary>
    public CardDocument Document { get; }

    /// <summary>The front matter as YAML nodes with positions, or <see langword="null"/> when there is none or it is not a mapping.</summary>
    public YamlMappingNode? Root { get; }

    /// <summary>The front matter as JSON (what the Hub serves as <c>cardData</c>), or <see langword="null"/>.</summary>
    public JsonObject? Metadata => _metadata.Value;

    /// <summary>Problems found while splitting and parsing: YAML syntax, a non-mapping front matter, an unclosed block.</summary>
    public IReadOnlyList<CardProblem> ParseProblems { get; }

    /// <summary>The Markdown body.</summary>
    public string Body => Document.Body;

    /// <summary>The kind the metadata suggests: a dataset when it has dataset keys and no model keys.</summary>
    public CardKind GuessedKind =>
        Root is { } root && DatasetKeys.Any(k => HasKey(root, k)) && !ModelKeys.Any(k => HasKey(root, k)) ? CardKind.Dataset : CardKind.Model;

    /// <summary>Parses a card from text.</summary>
    public static Card Parse(string text)
    {
        var document = CardDocument.Parse(text);
        var problems = new List<CardProblem>();
        if (document.FrontMatterUnclosed)
        {
            problems.Add(new CardProblem(CardCodes.FrontMatterUnclosed, ProblemSeverity.Warning, "The front matter opens with '---' but never closes; the Hub reads no metadata from this card.", null, 1, 1));
        }

        if (!document.HasFrontMatter)
        {
            return new Card(document, null, problems);
        }

        YamlNode? rootNode;
        try
        {
            var stream = BoundedYamlParser.Load(document.Yaml);
            rootNode = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlLimitException e)
        {
            var line = document.YamlFirstLine + Math.Max(0, (int)e.Start.Line - 1);
            problems.Add(new CardProblem(e.Code, ProblemSeverity.Error, StripMark(e.Message) + " The metadata is not read.", null, line, Math.Max(1, (int)e.Start.Column)));
            return new Card(document, null, problems);
        }
        catch (YamlException e)
        {
            var line = document.YamlFirstLine + Math.Max(0, (int)e.Start.Line - 1);
            var message = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
            problems.Add(new CardProblem(CardCodes.YamlSyntax, ProblemSeverity.Error, $"The front matter is not valid YAML: {StripMark(message)}", null, line, Math.Max(1, (int)e.Start.Column)));
            return new Card(document, null, problems);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet lets a few malformed inputs escape as other exceptions, without a position.
            problems.Add(new CardProblem(CardCodes.YamlSyntax, ProblemSeverity.Error, "The front matter is not valid YAML: " + e.Message.ReplaceLineEndings(" "), null, document.YamlFirstLine, 1));
            return new Card(document, null, problems);
        }

        if (rootNode is null || (rootNode is YamlScalarNode s && YamlJson.ScalarValue(s) is null))
        {
            // An empty block: metadata that says nothing.
            return new Card(document, new YamlMappingNode(), problems);
        }

        if (rootNode is not YamlMappingNode mapping)
        {
            problems.Add(new CardProblem(CardCodes.FrontMatterNotMapping, ProblemSeverity.Error, $"The front matter must be a YAML mapping (key: value lines), not a {Describe(rootNode)}.", null, document.YamlFirstLine + (int)rootNode.Start.Line - 1, (int)rootNode.Start.Column));
            return new Card(document, null, problems);
        }

        return new Card(document, mapping, problems);
    }

    /// <summary>Reads a card from a file, keeping a BOM and the exact bytes for <see cref="Save"/>.</summary>
    public static async Task<Card> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        // A file that reports no length is not read: it is empty, or a FIFO or device that a read would wait on forever.
        var info = new FileInfo(path);
        if ((info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo) is { Exists: true, Length: 0 })
        {
            return Parse(string.Empty);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Parse(Decode(bytes));
    }

    /// <summary>UTF-8 text with a leading BOM kept as U+FEFF, so it survives the round trip.</summary>
    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes);
        return text;
    }

    /// <summary>The card's bytes: the text as UTF-8, with the BOM if the original had one.</summary>
    public byte[] Save()
    {
        var body = Encoding.UTF8.GetBytes(Document.Text);
        return Document.HasBom ? [0xEF, 0xBB, 0xBF, .. body] : body;
    }

    /// <inheritdoc />
    public override string ToString() => (Document.HasBom ? "\uFEFF" : string.Empty) + Document.Text;

    /// <summary>Model metadata, typed (unknown keys in <see cref="CardData.Extra"/>).</summary>
    public ModelCardData ModelData => new(Metadata ?? []);

    /// <summary>Dataset metadata, typed (unknown keys in <see cref="CardData.Extra"/>).</summary>
    public DatasetCardData DatasetData => new(Metadata ?? []);

    /// <summary>
    /// A copy with one top-level key set to a value; only that key's lines change (or new lines are added at the end of the
    /// front matter, which is created when missing).
    /// </summary>
    public Card With(string key, JsonNode? value) => Parse(CardEditor.Set(this, key, value));

    /// <summary>A copy without a top-level key; only that key's lines are removed.</summary>
    public Card Without(string key) => Parse(CardEditor.Remove(this, key));

    /// <summary>The 1-based line in the README of a node.</summary>
    internal int LineOf(YamlNode node) => Document.YamlFirstLine + (int)node.Start.Line - 1;

    private static bool HasKey(YamlMappingNode root, string key) => root.Children.ContainsKey(new YamlScalarNode(key));

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlScalarNode => "single value",
        _ => node.NodeType.ToString().ToLowerInvariant(),
    };

    // YamlDotNet repeats the position in the message: "(Line: 3, Col: 1, Idx: 20) - (...): text".
    private static string StripMark(string message)
    {
        var i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(i + 3)..] : message;
    }
}
