namespace HubPlatform.Cards.Tests;

public class CardCorpusTests
{
    [Fact]
    public async Task Dump()
    {
        Assert.True(Corpus.Folder is not null, Corpus.Describe());
        var lines = new List<string>();
        foreach (var row in Corpus.Manifest().Where(r => r[0].StartsWith("cards/", StringComparison.Ordinal)))
        {
            var card = await Card.LoadAsync(Path.Combine(Corpus.Folder!, row[0]), TestContext.Current.CancellationToken);
            var kind = row[1] == "datasetcard" ? CardKind.Dataset : CardKind.Model;
            foreach (var p in new CardValidator().Validate(card, kind))
            {
                lines.Add($"{row[0]}:{p.Line}:{p.Column}: {p.Severity} {p.Code} {p.Path} {p.Message}");
            }

            lines.Add($"{row[0]} guessed={card.GuessedKind} manifest={kind}");
        }

        Assert.Fail(string.Join("\n", lines));
    }
}
