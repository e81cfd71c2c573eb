using System.Text;
using System.Text.Json.Nodes;

namespace HubPlatform.Cards.Tests;

/// <summary>YAML that would exhaust the stack or memory is refused with a problem, never a crash or a hang.</summary>
public class CardLimitsTests
{
    [Fact]
    public void Flow_nesting_deep_enough_to_overflow_the_stack_is_an_error_at_the_first_level_too_many()
    {
        // 50,000 levels ended the process with a stack overflow inside YamlDotNet's representation model.
        const int depth = 50_000;
        var card = Card.Parse($"---\nx: {new string('[', depth)}{new string(']', depth)}\n---\n# Body\n");

        var problem = Assert.Single(card.ParseProblems);
        Assert.Equal(CardCodes.YamlTooDeep, problem.Code);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Equal(2, problem.Line);
        // The front matter's mapping is the first level, so the 100th bracket (after "x: ") is one too many.
        Assert.Equal(3 + 100, problem.Column);
        Assert.Null(card.Root);
        Assert.Null(card.Metadata);
        Assert.Equal("# Body\n", card.Body);
    }

    [Fact]
    public void Block_nesting_past_the_limit_is_an_error_too()
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < 150; i++)
        {
            yaml.Append(' ', i).Append("k:\n");
        }

        var card = Card.Parse($"---\n{yaml}---\n");

        Assert.Equal(CardCodes.YamlTooDeep, Assert.Single(card.ParseProblems).Code);
    }

    [Fact]
    public void Aliases_that_multiply_are_refused_before_they_are_expanded()
    {
        // Nine levels of ten aliases each: a billion values once followed.
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var card = Card.Parse($"---\n{yaml}license: mit\n---\n");

        var problem = Assert.Single(card.ParseProblems);
        Assert.Equal(CardCodes.YamlTooLarge, problem.Code);
        Assert.Contains("100,000 values", problem.Message, StringComparison.Ordinal);
        Assert.Null(card.Metadata);
        Assert.Contains(new CardValidator().Validate(card, CardKind.Model), p => p.Code == CardCodes.YamlTooLarge);
    }

    [Fact]
    public void An_alias_inside_the_node_it_names_is_refused()
    {
        var card = Card.Parse("---\nloop: &a [x, *a]\n---\n");

        var problem = Assert.Single(card.ParseProblems);
        Assert.Equal(CardCodes.YamlTooLarge, problem.Code);
        Assert.Contains("*a", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_anchors_and_aliases_still_expand()
    {
        var card = Card.Parse("---\nbase: &langs [en, fr]\nlanguage: *langs\ntags: [*langs, x]\n---\n");

        Assert.Empty(card.ParseProblems);
        Assert.Equal("""["en","fr"]""", card.Metadata!["language"]!.ToJsonString());
        Assert.Equal("""[["en","fr"],"x"]""", card.Metadata["tags"]!.ToJsonString());
    }

    [Fact]
    public void A_value_given_on_the_command_line_is_held_to_the_same_limits()
    {
        Assert.Throws<FormatException>(() => CardRepository.ParseValue(new string('[', 10_000) + new string(']', 10_000)));
        Assert.Equal(JsonValue.Create(3L)!.ToJsonString(), CardRepository.ParseValue("3")!.ToJsonString());
    }
}
