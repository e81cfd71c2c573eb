using System.Collections.Frozen;
using System.Text.Json;

namespace HubPlatform.Cards;

/// <summary>
/// The Hub's lists (licenses, tasks, subtasks, size buckets, ISO 639 codes), read from the JSON Schema and data files in
/// <c>schemas/</c> that are embedded in this assembly, so the validator and the schemas cannot drift apart.
/// </summary>
public sealed class CardVocabulary
{
    private static readonly Lazy<CardVocabulary> Shared = new(Load);

    private CardVocabulary(FrozenSet<string> licenses, FrozenSet<string> pipelineTags, FrozenSet<string> subtasks, FrozenSet<string> sizeCategories, FrozenSet<string> languages)
    {
        Licenses = licenses;
        PipelineTags = pipelineTags;
        Subtasks = subtasks;
        SizeCategories = sizeCategories;
        LanguageCodes = languages;
    }

    /// <summary>The lists shipped with this version (loaded once; immutable).</summary>
    public static CardVocabulary Default => Shared.Value;

    /// <summary>License ids.</summary>
    public FrozenSet<string> Licenses { get; }

    /// <summary>Tasks: <c>pipeline_tag</c> and <c>task_categories</c> values.</summary>
    public FrozenSet<string> PipelineTags { get; }

    /// <summary>Subtasks: <c>task_ids</c> values.</summary>
    public FrozenSet<string> Subtasks { get; }

    /// <summary><c>size_categories</c> buckets.</summary>
    public FrozenSet<string> SizeCategories { get; }

    /// <summary>ISO 639-1, 639-2 (T and B), 639-3 and 639-5 codes.</summary>
    public FrozenSet<string> LanguageCodes { get; }

    private static CardVocabulary Load()
    {
        var assembly = typeof(CardVocabulary).Assembly;
        using var schema = assembly.GetManifestResourceStream("HubPlatform.Cards.hub-defs.schema.json")
                           ?? throw new InvalidOperationException("hub-defs.schema.json is not embedded.");
        using var json = JsonDocument.Parse(schema);
        var defs = json.RootElement.GetProperty("$defs");
        FrozenSet<string> Enum(string name) =>
            defs.GetProperty(name).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToFrozenSet(StringComparer.Ordinal);

        using var codes = assembly.GetManifestResourceStream("HubPlatform.Cards.iso-639-codes.txt")
                          ?? throw new InvalidOperationException("iso-639-codes.txt is not embedded.");
        using var reader = new StreamReader(codes);
        var languages = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToFrozenSet(StringComparer.Ordinal);
        return new CardVocabulary(Enum("license"), Enum("pipelineTag"), Enum("subtask"), Enum("sizeCategory"), languages);
    }
}
