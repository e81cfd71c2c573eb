using System.Text.Json;
using System.Text.Json.Nodes;
using HubPlatform.Cards;
using HubPlatform.Hub;
using HubPlatform.Storage;

namespace HubPlatform.Mirror;

/// <summary>Reads a README with HubPlatform.Cards for listings and search: its metadata and the tags the Hub derives from it.</summary>
public sealed class CardSummarizer : ICardSummarizer
{
    public CardSummary Summarize(string readmeText, RepoType type)
    {
        var card = Card.Parse(readmeText);

        // The audit is stored with the repository, so that the mirror's audit page reads scores instead of every card.
        var audit = new CardAuditor().Audit(card, type == RepoType.Dataset ? CardKind.Dataset : CardKind.Model);
        var codes = audit.Findings.Select(f => f.Code).Distinct(StringComparer.Ordinal).ToList();
        if (card.Metadata is not { } metadata)
        {
            return new CardSummary(null, [], null, null, audit.Score, [.. codes, CardCodes.NoMetadata]);
        }

        var data = card.ModelData;
        var tags = new List<string>(data.Tags);
        tags.AddRange(new[] { data.LibraryName, data.PipelineTag }.OfType<string>());
        tags.AddRange(CardTags(metadata));
        return new CardSummary(metadata.ToJsonString(), tags, data.PipelineTag, data.LibraryName, audit.Score, codes);
    }

    // The filter tags the Hub derives from a card: license:, language:, dataset:, base_model:, task_categories:.
    private static IEnumerable<string> CardTags(JsonObject metadata)
    {
        foreach (var (key, prefix) in new[] { ("license", "license:"), ("language", "language:"), ("datasets", "dataset:"), ("base_model", "base_model:"), ("task_categories", "task_categories:") })
        {
            foreach (var value in Strings(metadata[key]))
            {
                yield return prefix + value;
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a => a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()),
        _ => [],
    };
}
