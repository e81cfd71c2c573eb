using System.Text.Json.Nodes;

namespace HubPlatform.Cards.Tests;

/// <summary>
/// Every card of the real-world corpus (../shared/fixtures, see MANIFEST.tsv): nothing throws, bytes survive a round trip,
/// the cards known to be broken are reported with the right code, and all others carry no error.
/// </summary>
public class CardCorpusTests
{
    // Cards that a Hub would refuse, and the code that says why.
    private static readonly Dictionary<string, string> KnownBroken = new(StringComparer.Ordinal)
    {
        ["cards/hfhub-fixture-sample_invalid_model_index.README.md"] = CardCodes.ModelIndexMissingField, // a result without dataset
        ["cards/derived-tab-indented-model-index.README.md"] = CardCodes.YamlSyntax,                   // tabs as indentation
        ["cards/hub-docs-modelcard-spec.README.md"] = CardCodes.WrongType,                             // {placeholders} are YAML mappings
        ["cards/hub-docs-datasetcard-spec.README.md"] = CardCodes.WrongType,
    };

    public static TheoryData<string, string> Cards()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Corpus.Manifest().Where(r => r[0].StartsWith("cards/", StringComparison.Ordinal)))
        {
            data.Add(row[0], row[1]);
        }

        if (data.Count == 0)
        {
            data.Add("(corpus absent)", Corpus.Describe());
        }

        return data;
    }

    [Fact]
    public void The_corpus_is_present()
    {
        Assert.True(Corpus.Folder is not null, Corpus.Describe());
        Assert.True(Corpus.Manifest().Count(r => r[0].StartsWith("cards/", StringComparison.Ordinal)) >= 30);
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Each_card_parses_round_trips_and_gets_the_expected_verdict(string file, string manifestKind)
    {
        Assert.True(Corpus.Folder is not null, manifestKind);
        var path = Path.Combine(Corpus.Folder!, file);
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        var kind = manifestKind == "datasetcard" ? CardKind.Dataset : CardKind.Model;

        var card = Card.Parse(Card.Decode(bytes));
        var problems = new CardValidator().Validate(card, kind);
        var audit = new CardAuditor().Audit(card, kind);

        Assert.Equal(bytes, card.Save());
        Assert.InRange(audit.Score, 0, 100);
        var errors = problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (KnownBroken.TryGetValue(file, out var code))
        {
            Assert.Contains(errors, p => p.Code == code);
        }
        else
        {
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Line}:{e.Column} {e.Code} {e.Message}")));
        }

        Assert.All(problems, p => Assert.InRange(p.Line, 1, card.ToString().Split('\n').Length + 1));
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public void Editing_one_key_leaves_every_other_key_and_the_body_alone(string file, string manifestKind)
    {
        Assert.True(Corpus.Folder is not null, manifestKind);
        var card = Card.Parse(Card.Decode(File.ReadAllBytes(Path.Combine(Corpus.Folder!, file))));
        if (card.ParseProblems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            // Broken front matter is never rewritten: the user fixes it first.
            Assert.Throws<InvalidOperationException>(() => card.With("license", JsonValue.Create("mit")));
            return;
        }

        if (!card.Document.HasFrontMatter)
        {
            var created = card.With("license", JsonValue.Create("mit"));
            Assert.Equal("mit", created.Metadata!["license"]!.GetValue<string>());
            Assert.Equal(card.Document.Text, created.Body);
            return;
        }

        var edited = card.With("license", JsonValue.Create("mit"));
        Assert.Equal("mit", edited.Metadata!["license"]!.GetValue<string>());
        Assert.Equal(card.Body, edited.Body);
        foreach (var (key, value) in card.Metadata!.Where(p => p.Key != "license"))
        {
            Assert.True(JsonNode.DeepEquals(value, edited.Metadata[key]), $"'{key}' changed");
        }

        var firstKey = card.Metadata!.First().Key;
        var removed = card.Without(firstKey);
        Assert.False(removed.Metadata!.ContainsKey(firstKey));
        Assert.Equal(card.Metadata!.Count - 1, removed.Metadata.Count);
        Assert.Equal(card.Body, removed.Body);
    }
}
