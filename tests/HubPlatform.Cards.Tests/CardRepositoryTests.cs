using System.Text.Json.Nodes;

namespace HubPlatform.Cards.Tests;

public sealed class CardRepositoryTests
{
    [Theory]
    [InlineData("mit", "\"mit\"")]
    [InlineData("[en, fr]", "[\"en\",\"fr\"]")]
    [InlineData("true", "true")]
    [InlineData("3", "3")]
    [InlineData("\"3\"", "\"3\"")]
    [InlineData("{emissions: 12.5, source: codecarbon}", "{\"emissions\":12.5,\"source\":\"codecarbon\"}")]
    public void ParseValue_reads_one_yaml_value_as_json(string text, string json) =>
        Assert.Equal(json, CardRepository.ParseValue(text)!.ToJsonString());

    [Fact]
    public void ParseValue_gives_null_for_nothing_and_refuses_broken_yaml()
    {
        Assert.Null(CardRepository.ParseValue(string.Empty));
        Assert.Throws<FormatException>(() => CardRepository.ParseValue("[unclosed"));
        Assert.Throws<FormatException>(() => CardRepository.ParseValue("a\n---\nb"));
    }

    [Fact]
    public async Task PushCardAsync_refuses_a_card_with_errors_before_sending_anything()
    {
        var card = Card.Parse("---\nlicense: not-a-license\n---\n# x\n");
        using var hub = Client.HubClient.Create(new Client.HubClientOptions { Endpoint = new Uri("http://127.0.0.1:9"), CacheDirectory = Path.GetTempPath() });

        var refused = await Assert.ThrowsAsync<CardValidationException>(() => hub.PushCardAsync(Hub.RepoId.Parse("acme/x"), card, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(refused.Errors, e => e.Path == "license");
        Assert.Equal(JsonValue.Create("not-a-license").ToJsonString(), card.Metadata!["license"]!.ToJsonString());
    }
}
