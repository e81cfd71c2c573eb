using System.Text.Json;
using HubPlatform.Client.Tests;

namespace HubPlatform.Cli.Tests;

public class CardCommandTests
{
    private const string Valid = "---\nlicense: mit\npipeline_tag: fill-mask\n---\n# Model\n\nA model.\n";
    private const string Broken = "---\nlicense: made-up\nmodel-index: foo\n---\n# Model\n";
    private const string Dataset = "---\npretty_name: R\nsize_categories: huge\ntask_categories: [translation]\n---\n# Dataset Card\n";

    private static async Task<CliRun> Run(params string[] args) =>
        await CliRun.RunAsync(new Dictionary<string, string>(), args);

    [Fact]
    public async Task Lint_prints_compiler_style_lines_and_exits_1_on_errors()
    {
        using var dir = new TempDir();
        var good = dir.Combine("good.md");
        var bad = dir.Combine("bad.md");
        await File.WriteAllTextAsync(good, Valid, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(bad, Broken, TestContext.Current.CancellationToken);

        var ok = await Run("card", "lint", good);
        var run = await Run("card", "lint", good, bad);

        Assert.Equal(0, ok.ExitCode);
        Assert.Empty(ok.Out);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                $"{bad}:2:10: error license-unknown 'made-up' is not a license the Hub knows; use an id from its list, or 'other' with license_name and license_link.",
                $"{bad}:3:14: error model-index-invalid model-index must be a list of models, each with a name and results.",
            ],
            run.OutLines);
    }

    [Fact]
    public async Task Lint_json_is_one_array_with_an_element_per_card()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.Combine("a.md"), Valid, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(dir.Combine("b.md"), Dataset, TestContext.Current.CancellationToken);

        var run = await Run("card", "lint", dir.Path, "--json");

        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var cards = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, cards.Count);
        Assert.Equal("model", cards[0].GetProperty("kind").GetString());
        Assert.True(cards[0].GetProperty("valid").GetBoolean());
        Assert.Equal("mit", cards[0].GetProperty("metadata").GetProperty("license").GetString());
        Assert.False(cards[0].TryGetProperty("audit", out _));
        Assert.Equal("dataset", cards[1].GetProperty("kind").GetString());
        Assert.False(cards[1].GetProperty("valid").GetBoolean());
        var error = cards[1].GetProperty("errors")[0];
        Assert.Equal("size-category-unknown", error.GetProperty("code").GetString());
        Assert.Equal("error", error.GetProperty("severity").GetString());
        Assert.Equal("size_categories", error.GetProperty("path").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal(18, error.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Audit_json_adds_score_sections_and_findings()
    {
        using var dir = new TempDir();
        var file = dir.Combine("README.md");
        await File.WriteAllTextAsync(file, "---\nlicense: mit\nbase_model: acme/base\n---\n# About\nReleased under the Apache License 2.0.\n", TestContext.Current.CancellationToken);

        var run = await Run("card", "audit", file, "--json", "--kind", "model");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var audit = doc.RootElement[0].GetProperty("audit");
        Assert.InRange(audit.GetProperty("score").GetInt32(), 1, 99);
        Assert.Equal("present", audit.GetProperty("sections").GetProperty("description").GetString());
        Assert.Equal("missing", audit.GetProperty("sections").GetProperty("citation").GetString());
        var codes = audit.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Contains("license-body-mismatch", codes);
        Assert.Contains("base-model-not-mentioned", codes);
    }

    [Fact]
    public async Task Globs_and_kind_override_select_the_cards()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("sub"));
        await File.WriteAllTextAsync(dir.Combine("sub", "x.README.md"), Dataset, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(dir.Combine("sub", "notes.txt"), Dataset, TestContext.Current.CancellationToken);

        var run = await Run("card", "lint", dir.Path + "/**/*.README.md", "--kind", "model", "--json");

        using var doc = JsonDocument.Parse(run.Out);
        var card = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("model", card.GetProperty("kind").GetString());
        Assert.True(card.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Many_cards_are_reported_in_the_order_given_though_checked_in_parallel()
    {
        using var dir = new TempDir();
        var files = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            // Big and small cards alternate, so later ones often finish first.
            var file = dir.Combine($"{i:D3}.md");
            var padding = i % 2 == 0 ? string.Concat(Enumerable.Repeat("tags: [a, b, c]\n", 1)) : string.Concat(Enumerable.Range(0, 400).Select(n => $"k{n}: [x, y, z]\n"));
            await File.WriteAllTextAsync(file, $"---\n{padding}license: nope-{i}\n---\n", TestContext.Current.CancellationToken);
            files.Add(file);
        }

        var text = await Run(["card", "lint", dir.Path]);
        var json = await Run(["card", "lint", "--json", dir.Path]);

        Assert.Equal(1, text.ExitCode);
        Assert.Equal(files, text.OutLines.Select(l => l[..l.IndexOf(".md:", StringComparison.Ordinal)] + ".md"));
        Assert.All(text.OutLines.Select((line, i) => (line, i)), x => Assert.Contains($"'nope-{x.i}'", x.line, StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(files, doc.RootElement.EnumerateArray().Select(c => c.GetProperty("file").GetString()));
    }

    [Fact]
    public async Task A_card_that_cannot_be_read_midway_exits_2_and_the_json_printed_so_far_still_parses()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.Combine("a.md"), Valid, TestContext.Current.CancellationToken);
        File.CreateSymbolicLink(dir.Combine("b.md"), dir.Combine("gone.md"));
        await File.WriteAllTextAsync(dir.Combine("c.md"), Valid, TestContext.Current.CancellationToken);

        var run = await Run(["card", "lint", "--json", dir.Path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("b.md", run.ErrorLines[0], StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(dir.Combine("a.md"), doc.RootElement.EnumerateArray().Single().GetProperty("file").GetString());
    }

    [Fact]
    public async Task No_cards_in_a_folder_print_an_empty_json_array()
    {
        using var dir = new TempDir();

        var run = await Run(["card", "lint", "--json", dir.Path]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(run.Out).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("card", "lint", "/no/such/file.md")]
    [InlineData("card", "lint", "/no/such/*.md")]
    [InlineData("card", "lint")]
    [InlineData("card", "audit", "x.md", "--kind", "space")]
    public async Task Unreadable_paths_and_bad_usage_exit_2(params string[] args)
    {
        var run = await Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("hub: ", run.ErrorLines[0], StringComparison.Ordinal);
    }
}
